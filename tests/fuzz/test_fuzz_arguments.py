"""The command line's own inputs, fuzzed in-process: `flows run --payload/--contact/--agent` and
`properties set KEY VALUE`. No traceback; a refusal is exit 2 in words with the store unchanged; what runs
or is stored prints back as standard JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.fuzz.strategies import deeply_nested, hostile_values, json_texts, odd_text, scalars
from tests.fuzz.support import EXAMPLES, assert_clear_refusal, count, run_cli, store_digest

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

ECHO_FLOW = {
    "actions": [
        {"id": "s", "type": "SE_Start", "ports": {"done": "o"}},
        {
            "id": "o",
            "type": "SE_SendDataToOverlay",
            "controls": {"value": {"p": "$.payload", "c": "$.contact", "a": "$.agent"}},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    ]
}


def standard_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} written out")

    return json.loads(text, parse_constant=refuse)


contacts = st.fixed_dictionaries(
    {"contactId": odd_text},
    optional={"phoneNumber": odd_text, "type": st.sampled_from(["voice", "chat", "task"]) | odd_text},
)
agents = st.fixed_dictionaries(
    {}, optional={"name": odd_text, "dialableCountries": st.lists(odd_text, max_size=2)}
)
payloads = st.dictionaries(odd_text, hostile_values(scalars), max_size=4)


def argument(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[str | None]:
    return st.none() | json_texts(hostile_values(shape) | deeply_nested(shape))


@FUZZ
@given(payload=argument(payloads), contact=argument(contacts), agent=argument(agents))
def test_run_arguments(
    payload: str | None, contact: str | None, agent: str | None, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    count("run arguments")
    flow = tmp_path / "echo.json"
    if not flow.exists():
        flow.write_text(json.dumps(ECHO_FLOW))
        assert run_cli(["--db", db_url, "flows", "import", str(flow)]).code == 0
    argv = ["--db", db_url, "flows", "run", "echo", "--json"]
    for option, value in (("--payload", payload), ("--contact", contact), ("--agent", agent)):
        if value is not None:
            argv += [option, value]
    before = store_digest(engine)
    result = run_cli(argv)
    assert result.code in (0, 1, 2), result
    if result.code == 2:
        assert_clear_refusal(result)
        assert store_digest(engine) == before
        return
    run = standard_json(result.out)
    assert run["status"] in ("completed", "failed", "timed_out")


@FUZZ
@given(
    key=odd_text | st.sampled_from(["k", "config.limit"]),
    value=json_texts(hostile_values(scalars)) | odd_text,
    as_text=st.booleans(),
)
def test_properties_set(key: str, value: str, as_text: bool, engine: Engine, db_url: str) -> None:
    count("properties set")
    before = store_digest(engine)
    result = run_cli(["--db", db_url, "properties", "set", key, value, *(["--text"] if as_text else [])])
    assert result.code in (0, 2), result
    if result.code == 2:
        assert_clear_refusal(result)
        assert store_digest(engine) == before
        return
    listed = run_cli(["--db", db_url, "properties", "list", "--json"])
    assert listed.code == 0, listed
    assert key in standard_json(listed.out)
    plain = run_cli(["--db", db_url, "properties", "list"])
    assert plain.code == 0, plain
