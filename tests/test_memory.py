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
