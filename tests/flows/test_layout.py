"""Tidy without Qt: on every adapter export and on made-up graphs, no two blocks overlap, run order
reads left to right, a block's branches stack in the order of its outcomes, and a tree has no crossings."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.layout import (
    card_size,
    count_crossings,
    overlaps,
    port_offset,
    tidy,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adapter-flows"
REGISTRY = default_registry()


def _sizes(document: FlowDocument) -> dict[str, tuple[float, float]]:
    return {action.id: card_size(action, REGISTRY) for action in document.actions}


def _flow(*actions: dict[str, Any]) -> FlowDocument:
    return FlowDocument.from_dict({"actions": list(actions)})


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.json")))
def test_every_adapter_export_is_laid_out_without_overlaps_in_run_order(name: str) -> None:
    document = FlowDocument.from_file(FIXTURES / name)
    positions = tidy(document, REGISTRY)
    assert set(positions) == {action.id for action in document.actions}
    assert overlaps(positions, _sizes(document)) == []
    for action in document.actions:
        for target in action.ports.values():
            if target in positions:
                assert positions[target][0] > positions[action.id][0], (action.id, target)
    assert count_crossings(document, REGISTRY, positions) == 0


def test_the_overlap_check_can_fail() -> None:
    document = _flow({"id": "a", "type": "SE_Log"}, {"id": "b", "type": "SE_Log"})
    assert overlaps({"a": (0, 0), "b": (10, 10)}, _sizes(document)) == [("a", "b")]


def test_branches_stack_in_outcome_order_and_level_with_their_port() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "c"}, "position": [100, 50]},
        {"id": "c", "type": "SE_CoreTruthy", "ports": {"false": "f", "true": "t"}},
        {"id": "f", "type": "SE_Log"},
        {"id": "t", "type": "SE_Log"},
    )
    positions = tidy(document, REGISTRY)
    assert positions["s"] == (100, 50)  # the flow stays where it was
    assert positions["t"][1] < positions["f"][1]  # "true" is the first outcome of the block
    assert positions["t"][0] == positions["f"][0] > positions["c"][0] > positions["s"][0]
    assert positions["c"][1] == positions["s"][1]  # a chain reads on one line
    # The second outcome's branch steps down by at least a row.
    assert positions["f"][1] - positions["t"][1] >= port_offset(1) - port_offset(0)


def test_a_tree_with_long_links_has_no_crossings() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "c"}},
        {"id": "c", "type": "SE_CoreTruthy", "ports": {"true": "a", "false": "b"}},
        {"id": "a", "type": "SE_Divide", "ports": {"success": "a1", "failure": "end"}},
        {"id": "a1", "type": "SE_Log", "ports": {"done": "a2"}},
        {"id": "a2", "type": "SE_Log", "ports": {"done": "end"}},
        {"id": "b", "type": "SE_Log", "ports": {"done": "end"}},
        {"id": "end", "type": "SE_End"},
    )
    positions = tidy(document, REGISTRY)
    assert overlaps(positions, _sizes(document)) == []
    assert count_crossings(document, REGISTRY, positions) == 0
    assert positions["end"][0] > positions["a2"][0]


def test_loops_and_blocks_nothing_reaches_are_laid_out_too() -> None:
    document = _flow(
        {"id": "s", "type": "SE_Start", "ports": {"done": "c"}},
        {"id": "c", "type": "SE_CoreTruthy", "ports": {"true": "l", "false": "e"}},
        {"id": "l", "type": "SE_Log", "ports": {"done": "c"}},
        {"id": "self", "type": "SE_Delay", "ports": {"done": "self"}},
        {"id": "e", "type": "SE_End"},
        {"id": "ring1", "type": "SE_Log", "ports": {"done": "ring2"}},
        {"id": "ring2", "type": "SE_Log", "ports": {"done": "ring1"}},
    )
    positions = tidy(document, REGISTRY)
    assert set(positions) == {action.id for action in document.actions}
    assert overlaps(positions, _sizes(document)) == []
    main_bottom = max(positions[b][1] + _sizes(document)[b][1] for b in ("s", "c", "l", "e"))
    assert positions["self"][1] > main_bottom and positions["ring1"][1] > main_bottom


@pytest.mark.parametrize("seed", range(30))
def test_random_graphs_never_overlap(seed: int) -> None:
    rng = random.Random(seed)
    types = ["SE_Log", "SE_CoreTruthy", "SE_Divide", "SE_HttpRequest", "SE_End"]
    count = rng.randint(2, 40)
    actions: list[dict[str, Any]] = [{"id": "b0", "type": "SE_Start", "ports": {}}]
    for index in range(1, count):
        actions.append({"id": f"b{index}", "type": rng.choice(types), "ports": {}})
    for action in actions:
        spec = REGISTRY.get(action["type"])
        assert spec is not None
        for outcome in spec.outcomes:
            if rng.random() < 0.8:
                action["ports"][outcome] = f"b{rng.randrange(count)}"
    document = _flow(*actions)
    positions = tidy(document, REGISTRY)
    assert set(positions) == {a["id"] for a in actions}
    assert overlaps(positions, _sizes(document)) == []
