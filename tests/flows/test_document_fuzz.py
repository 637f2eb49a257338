"""Property-based tests: random and mutated documents never crash import or validation."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument, FlowDocumentError, Problem, validate
from cti_desktop.flows.executor import FlowExecutor
from cti_desktop.flows.references import compile_value, find_reference_errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "adapter-flows"
ORIGINALS = [json.loads(path.read_text()) for path in sorted(FIXTURES.glob("*.json"))]
REGISTRY = default_registry()
TYPES = [spec.type for spec in REGISTRY.all()]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=15,
)
ids = st.sampled_from(["uid-0", "uid-1", "0", "1", "x"]) | st.text(max_size=6)
actions = st.fixed_dictionaries(
    {"id": ids, "type": st.sampled_from(TYPES) | st.text(max_size=12)},
    optional={
        "controls": st.none() | st.dictionaries(st.text(max_size=10), json_values, max_size=4),
        "ports": st.none()
        | st.dictionaries(st.sampled_from(["done", "success", "failure", "true"]), ids, max_size=3),
        "meta": json_values,
        "position": json_values,
    },
)
documents = st.fixed_dictionaries(
    {"actions": st.lists(actions, max_size=8)}, optional={"name": st.text(max_size=8)}
)


def check(data: Any) -> None:
    """Import either works or refuses with FlowDocumentError; what imports validates and round-trips."""
    try:
        document = FlowDocument.from_dict(data, source="fuzz.json")
    except FlowDocumentError as exc:
        assert str(exc).startswith("fuzz.json")
        return
    problems = validate(document, REGISTRY)
    assert all(isinstance(problem, Problem) for problem in problems)
    exported = document.to_dict()
    assert FlowDocument.from_dict(exported).to_dict() == exported


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value(data: Any) -> None:
    check(data)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_of_the_right_shape(data: dict[str, Any]) -> None:
    check(data)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(ORIGINALS)))
    for _ in range(draw(st.integers(1, 4))):
        actions_list = data.get("actions") if isinstance(data, dict) else None
        if not isinstance(actions_list, list) or not actions_list:
            break
        index = draw(st.integers(0, len(actions_list) - 1))
        action = actions_list[index]
        choice = draw(st.integers(0, 5))
        if choice == 0 and isinstance(action, dict) and action:
            action.pop(draw(st.sampled_from(sorted(action))))
        elif choice == 1 and isinstance(action, dict):
            action[draw(st.sampled_from(["id", "type", "controls", "ports", "meta", "position"]))] = draw(
                json_values
            )
        elif choice == 2:
            actions_list.append(copy.deepcopy(action))
        elif choice == 3:
            actions_list[index] = draw(json_values)
        elif choice == 4 and isinstance(action, dict) and isinstance(action.get("controls"), dict):
            action["controls"][draw(st.text(max_size=8))] = draw(st.text(max_size=30))
        else:
            data[draw(st.sampled_from(["actions", "name", "extra"]))] = draw(json_values)
    return data


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_fixtures(data: Any) -> None:
    check(data)


@settings(max_examples=200)
@given(
    st.binary(max_size=200)
    | st.sampled_from([path.read_bytes() for path in FIXTURES.glob("*.json")]).flatmap(
        lambda text: st.integers(0, len(text)).map(lambda cut: text[:cut])
    )
)
def test_truncated_or_random_bytes(text: bytes) -> None:
    try:
        document = FlowDocument.from_json(text, source="fuzz.json")
    except FlowDocumentError:
        return
    validate(document, REGISTRY)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("$.{} []0123abc-_+\"'(")), max_size=30))
def test_reference_text_never_crashes(text: str) -> None:
    for mode in ("value", "template", "expression"):
        assert isinstance(find_reference_errors(text, mode), list)  # type: ignore[arg-type]
        compile_value(text, mode)({"payload": {"a": [1]}, "actions": {}}, [])  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_run_to_an_end(data: dict[str, Any]) -> None:
    for action in data["actions"]:
        if action["type"] in ("SE_HttpRequest", "SE_Delay"):
            action["type"] = "SE_Log"  # no network and no waiting in a property test
    try:
        document = FlowDocument.from_dict(data)
    except FlowDocumentError:
        return
    executor = FlowExecutor(REGISTRY, time_limit_s=1, step_budget=50)
    result = asyncio.run(executor.run(document, payload={"a": 1}))
    assert result.status in ("completed", "failed", "timed_out")
    assert len(result.steps) <= 50
    assert json.dumps(result.to_json_dict(), default=str)
