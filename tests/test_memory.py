from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from cti_desktop import memory


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_the_startup_heap_and_defers_full_collections(restored_gc: None) -> None:
    survivor = [object() for _ in range(100)]
    memory.settle_after_startup()
    assert gc.get_freeze_count() >= len(survivor)
    assert gc.get_threshold()[2] == memory.FULL_COLLECTION_THRESHOLD


def test_collecting_still_frees_cycles_made_after_startup(restored_gc: None) -> None:
    memory.settle_after_startup()

    class Node:
        partner: object = None

    first, second = Node(), Node()
    first.partner, second.partner = second, first
    del first, second
    assert memory.collect_now() >= 2


def test_collect_due_collects_the_generation_whose_threshold_passed(restored_gc: None) -> None:
    gc.collect()
    gc.set_threshold(10, 1_000, 1_000)
    assert memory.collect_due() == -1  # nothing allocated since the full collection

    class Node:
        partner: object = None

    for _ in range(50):
        first, second = Node(), Node()
        first.partner, second.partner = second, first
    del first, second
    assert memory.collect_due() == 0
    young, middle, _ = gc.get_count()
    assert young < 10
    assert middle == 1  # one young collection ran


def test_collect_due_runs_older_generations_when_their_count_passed(restored_gc: None) -> None:
    gc.collect()
    gc.set_threshold(1, 1, 1_000)
    for _ in range(3):
        gc.collect(0)  # three young collections: the middle generation's count is now 3
    _garbage: list[list[int]] = [[] for _ in range(10)]
    assert memory.collect_due() == 1
