"""The flow rows kept in memory for CTI actions: when they may be served, and how they are kept honest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.services.flow_cache import FlowDeleted, FlowRowCache
from cti_desktop.store.flows import FlowNotFound, FlowRepository


def flow(text: str) -> dict[str, Any]:
    """A flow whose only non-trivial block sends `text` to the overlay: tells versions apart."""
    return {
        "actions": [
            {"id": "s", "type": "SE_Start", "ports": {"done": "o"}},
            {"id": "o", "type": "SE_SendDataToOverlay", "controls": {"value": {"v": text}}, "ports": {}},
        ]
    }


def sent(row: Any) -> str:
    return str(row.document["actions"][1]["controls"]["value"]["v"])


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def repo(engine: Engine) -> FlowRepository:
    return FlowRepository(engine)


def test_a_row_is_served_only_while_the_store_confirmed_it_recently(
    engine: Engine, repo: FlowRepository
) -> None:
    flow_id = repo.save("Greet", flow("one")).row.id
    assert flow_id is not None
    clock = Clock()
    cache = FlowRowCache(engine, max_age_s=5.0, clock=clock)
    assert cache.fresh(flow_id) is None

    row = cache.load(flow_id)
    assert cache.fresh(flow_id) is row
    clock.now += 5.0
    assert cache.fresh(flow_id) is row
    # Too old: the caller must ask the store again, even though nothing changed.
    clock.now += 0.1
    assert cache.fresh(flow_id) is None
    # A check that finds the same version confirms the row again.
    assert cache.check().reloaded == ()
    assert cache.fresh(flow_id) is row


def test_a_check_reloads_changed_rows_and_forgets_deleted_ones(engine: Engine, repo: FlowRepository) -> None:
    greet = repo.save("Greet", flow("one")).row.id
    other = repo.save("Other", flow("x")).row.id
    assert greet is not None and other is not None
    cache = FlowRowCache(engine)
    cache.load(greet)
    cache.load(other)

    repo.save("Greet", flow("two"))  # another seat edits the flow
    stale = cache.fresh(greet)
    assert stale is not None and sent(stale) == "one"  # not seen until the store is asked
    report = cache.check()
    assert report.reloaded == (greet,) and report.deleted == ()
    fresh = cache.fresh(greet)
    assert fresh is not None and sent(fresh) == "two" and fresh.version == 2

    repo.delete("Greet")
    report = cache.check()
    assert report.deleted == (greet,)
    assert cache.fresh(greet) is None
    assert cache.cached_ids() == [other]


def test_loading_a_deleted_flow_says_which_flow_is_gone(engine: Engine, repo: FlowRepository) -> None:
    greet = repo.save("Greet", flow("one")).row.id
    assert greet is not None
    cache = FlowRowCache(engine)
    cache.load(greet)
    repo.delete("Greet")
    with pytest.raises(FlowDeleted, match="the flow 'Greet' no longer exists") as raised:
        cache.load(greet)
    assert raised.value.flow_id == greet
    assert cache.fresh(greet) is None
    # Still named once its row is gone; an id never seen is all there is to say.
    with pytest.raises(FlowDeleted, match="the flow 'Greet' no longer exists"):
        cache.load(greet)
    with pytest.raises(FlowDeleted, match="the flow with id 999 no longer exists"):
        cache.load(999)


def test_a_check_loads_the_wanted_rows_and_lets_go_of_the_others(
    engine: Engine, repo: FlowRepository
) -> None:
    wanted = repo.save("Wanted", flow("w")).row.id
    unwanted = repo.save("Unwanted", flow("u")).row.id
    assert wanted is not None and unwanted is not None
    cache = FlowRowCache(engine)
    cache.load(unwanted)

    cache.want({wanted, 999})
    report = cache.check()
    assert report.reloaded == (wanted,) and report.deleted == (999,)
    assert cache.cached_ids() == [wanted]
    row = cache.fresh(wanted)
    assert row is not None and row.name == "Wanted"


def test_a_check_of_given_rows_leaves_the_others_alone(engine: Engine, repo: FlowRepository) -> None:
    one = repo.save("One", flow("1")).row.id
    two = repo.save("Two", flow("2")).row.id
    assert one is not None and two is not None
    cache = FlowRowCache(engine)
    cache.load(one)
    cache.load(two)
    repo.save("One", flow("1b"))
    repo.save("Two", flow("2b"))
    assert cache.check([one]).reloaded == (one,)
    two_row = cache.fresh(two)
    assert two_row is not None and two_row.version == 1
    cache.forget(one)
    assert cache.cached_ids() == [two]
    cache.forget()
    assert cache.cached_ids() == []


@pytest.mark.sqlite_only
def test_rows_are_found_by_name_too(engine: Engine, repo: FlowRepository) -> None:
    greet = repo.save("Greet", flow("one")).row.id
    assert greet is not None
    cache = FlowRowCache(engine)
    assert cache.fresh_named("Greet") is None
    row = cache.load_named("Greet")
    assert row.id == greet and cache.fresh_named("Greet") is row and cache.fresh(greet) is row
    with pytest.raises(FlowNotFound, match="there is no flow named 'Nope'"):
        cache.load_named("Nope")

    # Deleted and made again under the same name: SQLite gives it the same id, and its version starts at
    # 1 again; the check still tells it from the old row.
    repo.delete("Greet")
    again = repo.save("Greet", flow("two")).row
    assert (again.id, again.version) == (greet, row.version)
    assert cache.check().reloaded == (greet,)
    fresh = cache.fresh_named("Greet")
    assert fresh is not None and sent(fresh) == "two"
    cache.forget()
    assert cache.fresh_named("Greet") is None and cache.fresh(greet) is None
