from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.flows.document import FlowDocument, FlowDocumentError, Problem, validate
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec, ControlSpec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"
FIXTURE_FILES = sorted(FIXTURES.glob("*.json"))


def test_fixtures_are_there() -> None:
    assert len(FIXTURE_FILES) == 12


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda path: path.name)
def test_every_fixture_exports_to_equal_json(path: Path) -> None:
    original = json.loads(path.read_text())
    document = FlowDocument.from_file(path)
    assert document.to_dict() == original
    # Key order too, so a diff of an exported file against the original shows only formatting.
    assert json.dumps(document.to_dict()) == json.dumps(original)
    assert FlowDocument.from_json(document.to_json()).to_dict() == original


def test_quirks_are_read() -> None:
    document = FlowDocument.from_file(FIXTURES / "default-01-salesforceUiOnClickToDial.json")
    end = document.action("2")
    assert end is not None
    assert (end.controls, end.ports, end.meta) == ({}, {}, {})
    assert document.name == "Salesforce UI onClickToDial"
    assert document.action("1").ports == {"success": "2", "failure": "2"}  # type: ignore[union-attr]


def test_unknown_keys_and_positions_are_kept() -> None:
    data = {
        "name": "x",
        "designer": {"zoom": 2},
        "actions": [
            {"id": "a", "type": "SE_Start", "extra": [1], "ports": {"done": None}, "position": [1.5, -2]},
        ],
    }
    document = FlowDocument.from_dict(data)
    assert document.actions[0].ports == {}
    assert document.to_dict() == data


def test_edits_are_exported() -> None:
    document = FlowDocument.from_file(FIXTURES / "default-01-salesforceUiOnClickToDial.json")
    end = document.action("2")
    assert end is not None
    end.controls["x"] = 1
    end.ports["done"] = "0"
    end.meta["title"] = "The end"
    exported = document.to_dict()["actions"][2]
    assert exported["controls"] == {"x": 1}
    assert exported["ports"] == {"done": "0"}
    assert exported["meta"] == {"title": "The end"}
    assert end.title == "The end"


def test_new_document_exports_name_first() -> None:
    document = FlowDocument(name="New")
    assert list(document.to_dict()) == ["name", "actions"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "flow.json: line 1, column 2: not valid JSON"),
        ("[]", "flow.json: a flow must be a JSON object, not a list"),
        ("{}", "flow.json: the flow has no 'actions' list"),
        ('{"actions": {}}', "flow.json: actions: must be a list, not an object"),
        ('{"name": 3, "actions": []}', "flow.json: name: must be a string, not a number"),
        (
            '{"actions": [{"id": "a", "type": "SE_Start"}, 4]}',
            "flow.json: actions[1]: an action must be an object",
        ),
        ('{"actions": [{"type": "SE_Start"}]}', "flow.json: actions[0]: 'id' is missing"),
        (
            '{"actions": [{"id": 1, "type": "SE_Start"}]}',
            "flow.json: actions[0]: 'id' must be a string, not a number",
        ),
        (
            '{"actions": [{"id": "1", "type": null}]}',
            "flow.json: actions[0]: 'type' must be a string, not null",
        ),
        (
            '{"actions": [{"id": "1", "type": "X", "controls": []}]}',
            "flow.json: actions[0]: 'controls' must be an object or null",
        ),
        (
            '{"actions": [{"id": "1", "type": "X", "ports": {"done": 2}}]}',
            "flow.json: actions[0].ports.done: must be the id",
        ),
    ],
)
def test_bad_files_are_refused_with_the_place(text: str, message: str) -> None:
    with pytest.raises(FlowDocumentError) as info:
        FlowDocument.from_json(text, source="flow.json")
    assert str(info.value).startswith(message)


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FlowDocumentError, match=r"missing\.json: cannot be read"):
        FlowDocument.from_file(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(FlowDocumentError, match=r"binary\.json"):
        FlowDocument.from_file(binary)


def _registry() -> BlockRegistry:
    registry = BlockRegistry()

    def noop(ctx: object, controls: dict[str, object]) -> BlockResult:
        return BlockResult("done")

    registry.register(BlockSpec("SE_Start", "Start", "Flow", (), ("done",), (), None))
    registry.register(BlockSpec("SE_End", "End", "Flow", (), (), (), None))
    registry.register(
        BlockSpec(
            "SE_Log", "Log", "Flow", (ControlSpec("level"), ControlSpec("message")), ("done",), (), noop
        )
    )
    return registry


def _doc(*actions: dict[str, object]) -> FlowDocument:
    return FlowDocument.from_dict({"actions": list(actions)})


def test_valid_flow_has_no_problems() -> None:
    document = _doc(
        {"id": "s", "type": "SE_Start", "ports": {"done": "l"}},
        {
            "id": "l",
            "type": "SE_Log",
            "controls": {"level": "info", "message": "{{ $.payload.x }}"},
            "ports": {"done": "e"},
        },
        {"id": "e", "type": "SE_End"},
    )
    assert validate(document, _registry()) == []


def test_validate_reports_each_problem_with_its_block() -> None:
    document = _doc(
        {"id": "s", "type": "SE_Start", "ports": {"done": "l"}},
        {
            "id": "l",
            "type": "SE_Log",
            "controls": {"colour": "red", "message": "{{ oops }}"},
            "ports": {"done": "gone", "bad": "e"},
        },
        {"id": "e", "type": "SE_End"},
        {"id": "u", "type": "SE_Unknown"},
        {"id": "u", "type": "SE_End"},
    )
    problems = validate(document, _registry())
    messages = {(problem.block_id, problem.severity, problem.message.split(" (")[0]) for problem in problems}
    assert ("u", "error", "the id 'u' is used by 2 blocks") in messages
    assert ("u", "warning", "unknown block type 'SE_Unknown': the run fails at this block") in messages
    assert ("l", "warning", "the 'done' port points at 'gone', which is not in the flow") in messages
    assert ("l", "warning", "SE_Log has no 'bad' outcome") in messages
    assert ("l", "warning", "unknown control 'colour' for SE_Log") in messages
    assert any(p.block_id == "l" and "control 'message'" in p.message for p in problems)
    assert ("u", "warning", "no path from SE_Start reaches this block") in messages


@pytest.mark.parametrize("starts", [0, 2])
def test_zero_or_several_starts_is_an_error(starts: int) -> None:
    actions: list[dict[str, object]] = [{"id": f"s{n}", "type": "SE_Start"} for n in range(starts)]
    actions.append({"id": "e", "type": "SE_End"})
    problems = validate(_doc(*actions), _registry())
    assert [problem.severity for problem in problems if not problem.block_id] == ["error"]
    assert "SE_Start" in str(problems[0])


def test_problem_text() -> None:
    assert str(Problem("uid-3", "broken", "error")) == "error: block uid-3: broken"
    assert str(Problem("", "no start")) == "warning: no start"
