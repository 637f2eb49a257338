"""How a run of a CTI action ends, as the Actions tab sees it. A module of its own, free of the store,
so the Actions tab can be built before the store has loaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (action id, contact id): an action runs at most once per contact at a time.
RunKey = tuple[int, str]


class ActionAlreadyRunning(Exception):
    """The action is already running for this contact."""


class ActionCannotRun(Exception):
    """The action cannot run (its flow is broken, or the form is not valid); the message says why."""


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """How an action run ended, as the Actions tab shows it."""

    action_id: int
    action_name: str
    contact_id: str
    status: str  # completed, failed, timed_out, cancelled
    message: str  # short: "Done" or the error's first line
    details: str  # everything: the error, warnings and the steps that failed
    duration_ms: float
    result: Any = None

    @property
    def ok(self) -> bool:
        return self.status == "completed"
