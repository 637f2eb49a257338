"""Every file the app reads from outside, fuzzed through the command line in-process: flow files
(import and validate), action files, CRM files (JSON and CSV) and settings files.

Each property: no traceback or crash; a refusal is exit 2 with the reason on stderr and the store
unchanged (a digest of every row); what is accepted can be listed and exported again as standard JSON."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from cti_desktop.settings import load_settings
from cti_desktop.settings_sources import read_file
from tests.fuzz.strategies import (
    deeply_nested,
    file_bytes,
    hostile_values,
    json_texts,
    json_values,
    odd_text,
    scalars,
)
from tests.fuzz.support import EXAMPLES, assert_clear_refusal, count, run_cli, store_digest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"
FLOWS = [json.loads(path.read_text()) for path in sorted(FIXTURES.glob("*.json"))]

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def accepted_or_refused(engine: Engine, argv: list[str], *, one_line: bool = True) -> int:
    """Run the command; a refusal must be clear and leave the store as it was."""
    before = store_digest(engine)
    result = run_cli(argv)
    assert result.code in (0, 2), result
    if result.code == 2:
        assert_clear_refusal(result, one_line=one_line)
        assert store_digest(engine) == before
    return result.code


def standard_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} written out")

    return json.loads(text, parse_constant=refuse)


# ---------------------------------------------------------------------------------------------- flows


@st.composite
def mutated_flow(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(FLOWS)))
    actions = data["actions"]
    for _ in range(draw(st.integers(1, 3))):
        action = actions[draw(st.integers(0, len(actions) - 1))]
        key = draw(st.sampled_from(["id", "type", "controls", "ports", "meta", "position", "name"]))
        if key == "name":
            data["name"] = draw(odd_text)
        elif key == "controls" and isinstance(action.get("controls"), dict):
            action["controls"][draw(odd_text)] = draw(hostile_values(scalars))
        else:
            action[key] = draw(hostile_values(scalars))
    return data


flow_files = file_bytes(json_texts(mutated_flow() | deeply_nested(mutated_flow())))


@FUZZ
@given(content=flow_files)
def test_flow_files(content: bytes, engine: Engine, db_url: str, tmp_path: Path) -> None:
    count("flow files")
    path = tmp_path / "fuzzed.json"
    path.write_bytes(content)
    validated = run_cli(["--db", db_url, "flows", "validate", str(path)])
    assert validated.code in (0, 1, 2), validated
    if validated.code == 2:
        assert_clear_refusal(validated)
    if accepted_or_refused(engine, ["--db", db_url, "flows", "import", str(path), "--name", "fuzzed"]) == 0:
        exported = run_cli(["--db", db_url, "flows", "export", "fuzzed", "-o", "-"])
        assert exported.code == 0, exported
        standard_json(exported.out)
        listed = run_cli(["--db", db_url, "flows", "list", "--json"])
        assert listed.code == 0 and standard_json(listed.out)


# -------------------------------------------------------------------------------------------- actions

action_items = st.fixed_dictionaries(
    {"name": odd_text},
    optional={
        "flow": odd_text,
        "order": st.integers() | st.integers(2**62, 2**70) | scalars,
        "active": scalars,
        "shortcut": odd_text,
        "payload": st.lists(st.fixed_dictionaries({"key": odd_text, "value": json_values()}), max_size=3),
        "form": st.fixed_dictionaries(
            {},
            optional={
                "fields": st.lists(
                    st.fixed_dictionaries(
                        {
                            "name": odd_text,
                            "type": st.sampled_from(["text", "number", "email", "yesno"]) | odd_text,
                        },
                        optional={"default": scalars, "label": odd_text},
                    ),
                    max_size=3,
                )
            },
        ),
    },
)
action_files = file_bytes(
    json_texts(hostile_values(st.fixed_dictionaries({"actions": st.lists(action_items, max_size=3)})))
)


@FUZZ
@given(content=action_files)
def test_action_files(content: bytes, engine: Engine, db_url: str, tmp_path: Path) -> None:
    count("action files")
    path = tmp_path / "actions.json"
    path.write_bytes(content)
    # An actions file's refusal lists every problem found, one a line, after the first line.
    if accepted_or_refused(engine, ["--db", db_url, "actions", "import", str(path)], one_line=False) == 0:
        exported = run_cli(["--db", db_url, "actions", "export"])
        assert exported.code == 0, exported
        standard_json(exported.out)
        listed = run_cli(["--db", db_url, "actions", "list"])
        assert listed.code == 0, listed


# ------------------------------------------------------------------------------------------------ CRM

record_types = st.sampled_from(["Contact", "Lead", "Account", "Case", "Task"]) | odd_text
records = st.lists(
    st.fixed_dictionaries(
        {"type": record_types},
        optional={"fields": st.dictionaries(odd_text, hostile_values(scalars), max_size=4), "Id": odd_text},
    ),
    max_size=3,
)
crm_json_files = file_bytes(json_texts(hostile_values(records)))


def crm_listed(db_url: str) -> None:
    for record_type in ("Contact", "Lead"):
        listed = run_cli(["--db", db_url, "crm", "list", record_type, "--json"])
        assert listed.code == 0, listed
        for record in standard_json(listed.out):
            shown = run_cli(["--db", db_url, "crm", "get", record["Id"]])
            assert shown.code == 0, shown


@FUZZ
@given(content=crm_json_files)
def test_crm_json_files(content: bytes, engine: Engine, db_url: str, tmp_path: Path) -> None:
    count("CRM files (JSON)")
    path = tmp_path / "records.json"
    path.write_bytes(content)
    if accepted_or_refused(engine, ["--db", db_url, "crm", "import", str(path)]) == 0:
        crm_listed(db_url)


csv_cells = odd_text | st.sampled_from(['"', '""', ",", "\n", "\r\n", "Id", "001x", "+12065550100"])
csv_texts = st.builds(
    lambda header, rows: "\n".join(",".join(row) for row in [header, *rows]),
    st.lists(csv_cells, min_size=0, max_size=4),
    st.lists(st.lists(csv_cells, max_size=5), max_size=4),
)


@FUZZ
@given(content=file_bytes(csv_texts), record_type=record_types)
def test_crm_csv_files(content: bytes, record_type: str, engine: Engine, db_url: str, tmp_path: Path) -> None:
    count("CRM files (CSV)")
    path = tmp_path / "records.csv"
    path.write_bytes(content)
    argv = ["--db", db_url, "crm", "import", str(path), "--type", record_type]
    if accepted_or_refused(engine, argv) == 0:
        crm_listed(db_url)


# ------------------------------------------------------------------------------------------- settings

SETTING_KEYS = [
    "database_url",
    "theme",
    "default_country",
    "run_time_limit_s",
    "run_step_budget",
    "demo_data",
]
depths = st.sampled_from([63, 64, 65, 450, 3000]) | st.integers(1, 3000)
toml_values = (
    st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e308",
            "-1",
            "0",
            "true",
            "'us'",
            "'ZZ'",
            "''",
            '"\\u0000"',
            "[1, [2]]",
            "{a = 1}",
        ]
    )
    | depths.map(lambda depth: "[" * depth + "1" + "]" * depth)
    | depths.map(lambda depth: "{ a = " * depth + "1" + " }" * depth)
)
toml_texts = st.lists(
    st.builds(
        lambda key, value: f"{key} = {value}",
        st.sampled_from(SETTING_KEYS) | odd_text,
        toml_values | odd_text,
    ),
    max_size=4,
).map("\n".join)


@FUZZ
@given(content=file_bytes(toml_texts))
def test_settings_files(content: bytes, tmp_path: Path) -> None:
    count("settings files")
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    problems: list[str] = []
    values = read_file(path, problems)
    assert isinstance(values, dict)
    assert all(isinstance(problem, str) and str(path) in problem for problem in problems)
    loaded = load_settings(machine_file=path, user_file=tmp_path / "absent.toml", environ={})
    assert loaded.settings.run_time_limit_s > 0
    json.dumps(loaded.settings.model_dump(mode="json"), allow_nan=False)
