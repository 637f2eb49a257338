from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop.flows.document import FlowDocumentError
from cti_desktop.services.flow_import import FlowImportError, import_files
from cti_desktop.store.flows import FlowRepository

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"


def test_names_come_from_the_option_the_file_or_the_stem(engine: Engine) -> None:
    imported = import_files(
        engine, [FIXTURES / "default-02-voiceContactOnConnecting.json", FIXTURES / "onConnecting.json"]
    )
    assert [(flow.name, flow.created, flow.version) for flow in imported] == [
        ("VoiceContact.onConnecting", True, 1),
        ("onConnecting", True, 1),
    ]
    named = import_files(
        engine,
        [FIXTURES / "onConnecting.json"],
        name="Lead task",
        source="voiceContact",
        event="onConnecting",
        activate=True,
    )
    row = FlowRepository(engine).require("Lead task")
    assert named[0].created and (row.source, row.event, row.active) == ("voiceContact", "onConnecting", True)


def test_importing_a_name_again_updates_and_bumps_the_version(engine: Engine) -> None:
    import_files(engine, [FIXTURES / "onConnecting.json"], source="voiceContact", event="onConnecting")
    again = import_files(
        engine, [FIXTURES / "03-click-to-dial.json"], name="onConnecting", event="onIncoming"
    )
    row = FlowRepository(engine).require("onConnecting")
    assert (again[0].created, row.version, row.source, row.event) == (False, 2, "voiceContact", "onIncoming")
    assert row.document == json.loads((FIXTURES / "03-click-to-dial.json").read_text())


def test_graph_problems_are_reported_not_refused(engine: Engine, tmp_path: Path) -> None:
    flow = tmp_path / "odd.json"
    flow.write_text(
        json.dumps(
            {
                "actions": [
                    {"id": "a", "type": "SE_Start", "ports": {"done": "zz"}},
                    {"id": "b", "type": "SE_Magic"},
                ]
            }
        )
    )
    imported = import_files(engine, [flow])
    assert {(problem.block_id, problem.severity) for problem in imported[0].problems} >= {
        ("a", "warning"),
        ("b", "warning"),
    }
    assert FlowRepository(engine).get("odd") is not None


def test_one_bad_file_stores_nothing(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"actions": [{"id": 3, "type": "SE_Start"}]}')
    with pytest.raises(FlowDocumentError, match=r"bad\.json: actions\[0\]: 'id' must be a string"):
        import_files(engine, [FIXTURES / "onConnecting.json", bad])
    assert FlowRepository(engine).list() == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"source": "fax"}, "unknown source 'fax'"),
        (
            {"source": "voiceContact", "event": "onFax"},
            "'onFax' is not an event of the source 'voiceContact'",
        ),
        ({"source": "ctiAction", "event": "onConnecting"}, "have no event"),
        ({"event": "onConnecting"}, "--event needs --source"),
    ],
)
def test_bad_source_or_event_stores_nothing(engine: Engine, options: dict[str, str], message: str) -> None:
    with pytest.raises(FlowImportError, match=message):
        import_files(engine, [FIXTURES / "onConnecting.json"], **options)  # type: ignore[arg-type]
    assert FlowRepository(engine).list() == []


def test_name_with_several_files_or_the_same_name_twice(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(FlowImportError, match="only be used when importing one file"):
        import_files(engine, [FIXTURES / "onConnecting.json", FIXTURES / "onHvsWorkStart.json"], name="x")
    copy = tmp_path / "onConnecting.json"
    copy.write_text((FIXTURES / "onConnecting.json").read_text())
    with pytest.raises(FlowImportError, match="both give the flow name 'onConnecting'"):
        import_files(engine, [FIXTURES / "onConnecting.json", copy])
    assert FlowRepository(engine).list() == []
