"""The one holder of "is this action running?"."""

from __future__ import annotations

import pytest

from cti_desktop.services.action_runs import ActionAlreadyRunning, ActionOutcome
from cti_desktop.services.run_states import ActionRunStates


def outcome(action_id: int, contact_id: str, status: str = "completed") -> ActionOutcome:
    return ActionOutcome(action_id, "A", contact_id, status, "Done", "Done", 1.0)


def test_a_run_goes_from_asked_to_running_to_its_outcome() -> None:
    states = ActionRunStates()
    changed: list[int] = []
    states.changed.connect(changed.append)
    key = (1, "c-1")
    assert states.reserve(key) and states.is_busy(key) and not states.is_running(key)
    assert not states.reserve(key), "a second start waits"
    states.start(key)
    assert states.is_running(key) and states.running_keys() == [key] and states.any_busy()
    with pytest.raises(ActionAlreadyRunning):
        states.start(key)
    states.finish(key, outcome(1, "c-1"))
    assert not states.is_busy(key) and not states.any_busy()
    assert states.outcome(key) == outcome(1, "c-1") and states.outcome((1, "c-2")) is None
    states.start(key)
    assert states.outcome(key) is None, "a new run clears the last outcome"
    assert changed == [1, 1, 1, 1]


def test_a_refused_start_releases_its_claim() -> None:
    states = ActionRunStates()
    key = (2, "")
    states.reserve(key)
    states.release(key)
    assert not states.is_busy(key) and states.busy_keys() == []
    states.start(key)
    states.release(key)
    assert states.is_running(key), "releasing does not end a run that started"


def test_starts_asked_for_before_the_app_loaded_are_queued_once_in_order() -> None:
    states = ActionRunStates()
    assert states.queue(3) and states.queue(1) and not states.queue(3)
    assert states.is_queued(3) and states.queued() == [3, 1] and states.any_busy()
    assert states.take_queued() == [3, 1]
    assert states.queued() == [] and not states.any_busy()
