"""What the agent's overlay does, without Qt: the data flows send to the overlay (kept per contact, newest
first, until the contact is closed), running a CTI Action for the selected contact (static payload merged
with the form's values, the form winning; defaults filled from the contact; one run per action and contact
at a time, kept in `run_states`), and the drafts of forms the agent is filling in.

The Qt panels mirror the signals below and call these methods; nothing here touches a widget.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from sqlalchemy import Engine

from cti_desktop.domain.actions import CtiAction
from cti_desktop.domain.form_values import serialize_values, validate_values
from cti_desktop.domain.forms import FormSpec, is_reference
from cti_desktop.domain.signals import Signal
from cti_desktop.flows.references import resolve_value
from cti_desktop.services.action_runs import ActionAlreadyRunning, ActionCannotRun, ActionOutcome, RunKey
from cti_desktop.services.actions import form_defaults
from cti_desktop.services.drafts import DraftKeeper
from cti_desktop.services.run_states import ActionRunStates
from cti_desktop.store.drafts import DraftRepository
from cti_desktop.store.flows import FlowNotFound

log = logging.getLogger(__name__)

KeepData = Literal["until_closed", "until_cleared"]
NO_CONTACT = ""


# ------------------------------------------------------------------------------------------ overlay data


@dataclass(frozen=True, slots=True)
class OverlayEntry:
    """One key/value pair a flow sent to the overlay."""

    seq: int
    contact_id: str
    key: str
    value: Any
    received_at: datetime


class OverlayData:
    """The Data tab's content: entries grouped by contact, newest first.

    `keep` says how long entries live: "until_closed" drops a contact's entries when the contact is closed
    (the default), "until_cleared" keeps them until the agent clears them.
    """

    def __init__(self, keep: KeepData = "until_closed") -> None:
        self.keep: KeepData = keep
        # Per contact, the messages in the order they arrived; each message's pairs in the flow's order.
        self._by_contact: dict[str, list[list[OverlayEntry]]] = {}
        self._seq = itertools.count(1)
        # (contact_id, the entries of one message in the flow's order)
        self.entries_added: Signal[[str, list[OverlayEntry]]] = Signal()
        # contact_id, or None when everything was cleared
        self.cleared: Signal[[str | None]] = Signal()

    def add(self, contact_id: str, pairs: Mapping[str, Any]) -> list[OverlayEntry]:
        if not pairs:
            return []
        now = datetime.now(UTC)
        message = [OverlayEntry(next(self._seq), contact_id, str(k), v, now) for k, v in pairs.items()]
        self._by_contact.setdefault(contact_id, []).append(message)
        self.entries_added.emit(contact_id, message)
        return message

    def entries(self, contact_id: str) -> list[OverlayEntry]:
        """A contact's entries: the newest message first, each message's pairs in the flow's order."""
        return [entry for message in reversed(self._by_contact.get(contact_id, [])) for entry in message]

    def contact_ids(self) -> list[str]:
        """Contacts that have data, the one with the newest data first."""
        return sorted(self._by_contact, key=lambda cid: self._by_contact[cid][-1][0].seq, reverse=True)

    def count(self) -> int:
        return sum(len(m) for messages in self._by_contact.values() for m in messages)

    def clear(self, contact_id: str | None = None) -> None:
        if contact_id is None:
            self._by_contact.clear()
        else:
            self._by_contact.pop(contact_id, None)
        self.cleared.emit(contact_id)

    def contact_closed(self, contact_id: str) -> None:
        if self.keep == "until_closed" and contact_id in self._by_contact:
            self.clear(contact_id)


# ---------------------------------------------------------------------------------------- action runs


class FlowRunnerLike(Protocol):
    """What the overlay needs of `services.flow_runner.FlowRunner`."""

    overlay_data_sent: Signal[[str, dict[str, Any]]]

    def keep_flows(self, flow_ids: Iterable[int]) -> None: ...

    async def run(
        self,
        flow: str | int,
        *,
        payload: dict[str, Any] | None = None,
        contact: Any = None,
        trigger_kind: str = "manual",
        trigger_detail: str = "",
        sensitive_keys: frozenset[str] = frozenset(),
    ) -> Any: ...


class TelephonyLike(Protocol):
    contacts_changed: Signal[[]]

    @property
    def agent(self) -> Any: ...

    def contacts(self) -> list[Any]: ...

    def get_contact(self, contact_id: str) -> Any: ...


class ActionsLike(Protocol):
    def published_actions(self) -> list[CtiAction]: ...


class OverlayService:
    """The overlay's use cases. Construct with the store's engine, the flow runner, the telephony connector
    and the action service; `close()` disconnects from them."""

    def __init__(
        self,
        engine: Engine,
        runner: FlowRunnerLike,
        telephony: TelephonyLike,
        actions: ActionsLike,
        *,
        keep_data: KeepData = "until_closed",
        run_states: ActionRunStates | None = None,
        drafts: DraftRepository | None = None,
    ) -> None:
        self._runner = runner
        self._telephony = telephony
        self._actions = actions
        self.data = OverlayData(keep_data)
        self.drafts = DraftKeeper(engine, drafts)
        # Which actions run for which contact, and how their last run ended: the Actions tab shows it.
        self.run_states = run_states or ActionRunStates()
        self._known_contacts: set[str] = {c.contactId for c in telephony.contacts()}
        self._current_contact_id: str = NO_CONTACT
        # The contact the overlay works on changed (the workspace's selection): the new id, "" for none.
        self.current_contact_changed: Signal[[str]] = Signal()
        # (action_id, contact_id) when a run starts; the outcome when it ends.
        self.run_started: Signal[[int, str]] = Signal()
        self.run_finished: Signal[[ActionOutcome]] = Signal()
        runner.overlay_data_sent.connect(self._on_overlay_data)
        telephony.contacts_changed.connect(self._on_contacts_changed)

    def close(self) -> None:
        self._runner.overlay_data_sent.disconnect(self._on_overlay_data)
        self._telephony.contacts_changed.disconnect(self._on_contacts_changed)
        self.drafts.close()  # waits for the drafts still being written: closing loses no typing

    # -- the selected contact ---------------------------------------------------------------------------

    @property
    def current_contact_id(self) -> str:
        return self._current_contact_id

    def current_contact(self) -> Any:
        return self.contact(self._current_contact_id)

    def select_contact(self, contact_id: str | None) -> None:
        """The workspace calls this when the agent selects a contact; every panel follows."""
        contact_id = contact_id or NO_CONTACT
        if contact_id == self._current_contact_id:
            return
        self._current_contact_id = contact_id
        self.current_contact_changed.emit(contact_id)

    # -- actions --------------------------------------------------------------------------------------

    def active_actions(self) -> list[CtiAction]:
        """The actions an agent sees, in their order. Their flows are kept warm in the runner (and checked
        against the store now: the actions, or a flow, just changed), so a click runs at once."""
        actions = [a for a in self._actions.published_actions() if a.active]
        self.keep_flows_warm(actions)
        return actions

    def keep_flows_warm(self, actions: Iterable[CtiAction]) -> None:
        """Have the runner keep these actions' flows in memory, checked against the store."""
        self._runner.keep_flows({a.flow_id for a in actions if a.flow_id is not None and not a.broken})

    def contact(self, contact_id: str | None) -> Any:
        if not contact_id:
            return None
        return self._telephony.get_contact(contact_id)

    def scope(self, contact_id: str | None) -> dict[str, Any]:
        """What references in defaults and payload values may use: `$.contact`, `$.agent`."""
        contact = self.contact(contact_id)
        return {
            "contact": contact.scope() if contact is not None else {},
            "agent": self._telephony.agent.scope(),
            "payload": {},
            "actions": {},
            "properties": {},
        }

    def form_defaults(self, action: CtiAction, contact_id: str | None) -> dict[str, Any]:
        """The values a form opens with: each field's default, references filled from the contact."""
        scope = self.scope(contact_id)
        return form_defaults(action.form, scope)

    def opening_values(self, action: CtiAction, contact_id: str | None) -> tuple[dict[str, Any], bool]:
        """The values a form opens with, and whether they come from a draft. A draft found under another
        contact (the app was restarted mid-call) is taken over by this contact."""
        values = self.form_defaults(action, contact_id)
        if action.id is None:
            return values, False
        cid = contact_id or NO_CONTACT
        draft = self.drafts.find(action.id, cid, self._live_contact_ids())
        if draft is None:
            return values, False
        if draft.contact_id != cid:
            self.drafts.save(action.id, cid, draft.values)
            self.drafts.delete(action.id, draft.contact_id)
        names = {f.name for f in action.form.fields}
        values.update({k: v for k, v in draft.values.items() if k in names})
        return values, True

    def save_draft(
        self, action: CtiAction, contact_id: str | None, values: Mapping[str, Any]
    ) -> Future[None] | None:
        """Keep what the agent typed; written off the caller's thread (the future says when it landed)."""
        if action.id is None:
            return None
        return self.drafts.save(action.id, contact_id or NO_CONTACT, values)

    def discard_draft(self, action: CtiAction, contact_id: str | None) -> Future[None] | None:
        if action.id is None:
            return None
        return self.drafts.delete(action.id, contact_id or NO_CONTACT)

    def build_payload(
        self, action: CtiAction, form_values: Mapping[str, Any] | None, contact_id: str | None
    ) -> dict[str, Any]:
        """The run's `$.payload`: the static payload (references resolved against the contact and agent)
        with the form's typed values on top."""
        scope = self.scope(contact_id)
        payload: dict[str, Any] = {}
        for entry in action.payload:
            value = entry.value
            if is_reference(value):
                value = resolve_value(value, scope)
            payload[entry.key] = value
        if form_values is not None and action.has_form:
            payload.update(serialize_values(action.form, form_values))
        return payload

    def validate_form(self, spec: FormSpec, values: Mapping[str, Any]) -> dict[str, str]:
        return validate_values(spec, values)

    def is_running(self, action_id: int | None, contact_id: str | None) -> bool:
        if action_id is None:
            return False
        return self.run_states.is_running((action_id, contact_id or NO_CONTACT))

    def running_keys(self) -> list[RunKey]:
        return self.run_states.running_keys()

    async def run_action(
        self, action: CtiAction, form_values: Mapping[str, Any] | None = None, contact_id: str | None = None
    ) -> ActionOutcome:
        """Run an action for a contact. Refuses a second start while the first still runs
        (ActionAlreadyRunning), a broken action or an invalid form (ActionCannotRun). The run itself never
        raises: failures come back as an outcome the agent can read."""
        if action.id is None:
            raise ActionCannotRun(f'"{action.name}" has not been saved yet.')
        cid = contact_id or NO_CONTACT
        key = (action.id, cid)
        if self.run_states.is_running(key):
            raise ActionAlreadyRunning(f'"{action.name}" is already running for this contact.')
        if action.broken:
            raise ActionCannotRun(f'"{action.name}" cannot run. {action.broken}')
        if form_values is not None and action.has_form:
            errors = validate_values(action.form, form_values)
            if errors:
                raise ActionCannotRun("; ".join(errors.values()))
        payload = self.build_payload(action, form_values, cid)
        started = time.perf_counter()
        self.run_states.start(key)
        self.run_started.emit(action.id, cid)
        outcome: ActionOutcome | None = None
        try:
            sensitive = frozenset(f.name for f in action.form.fields if f.sensitive)
            result = await self._runner.run(
                # By id: the runner has the row in memory (the name is the action's copy, maybe outdated).
                action.flow_id if action.flow_id is not None else action.flow_name,
                payload=payload,
                contact=self.contact(cid),
                trigger_kind="action",
                trigger_detail=action.name,
                sensitive_keys=sensitive,
            )
            outcome = _outcome(action, cid, result, started)
            if outcome.ok and action.has_form:
                self.discard_draft(action, cid)
        except asyncio.CancelledError:
            outcome = ActionOutcome(
                action.id,
                action.name,
                cid,
                "cancelled",
                "Cancelled",
                "The run was cancelled.",
                _ms_since(started),
            )
            raise
        except FlowNotFound:
            # Deleted here (the action would show as broken) or by another seat since the list was read.
            message = f'Its flow "{action.flow_name}" no longer exists.' if action.flow_name else ""
            outcome = ActionOutcome(
                action.id,
                action.name,
                cid,
                "failed",
                f"{message or 'Its flow no longer exists.'} Ask a supervisor to choose another CTI flow.",
                f'"{action.name}" did not run: {message or "its flow no longer exists."} '
                "A supervisor can choose another CTI Action flow for it in the CCP Element Editor.",
                _ms_since(started),
            )
        except Exception as exc:  # a bug below must reach the agent as a failed run, not a frozen button
            log.exception("action %s failed to run", action.name)
            outcome = ActionOutcome(
                action.id,
                action.name,
                cid,
                "failed",
                _first_line(str(exc)) or type(exc).__name__,
                f"{type(exc).__name__}: {exc}",
                _ms_since(started),
            )
        finally:
            self.run_states.finish(key, outcome)
            if outcome is not None:
                self.run_finished.emit(outcome)
        return outcome

    # -- overlay data ----------------------------------------------------------------------------------

    def _on_overlay_data(self, contact_id: str | None, pairs: Mapping[str, Any]) -> None:
        self.data.add(contact_id or NO_CONTACT, pairs)

    def _live_contact_ids(self) -> list[str]:
        return [c.contactId for c in self._telephony.contacts()]

    def _on_contacts_changed(self) -> None:
        live = set(self._live_contact_ids())
        for gone in self._known_contacts - live:
            self.data.contact_closed(gone)
        self._known_contacts = live
        if self._current_contact_id and self._current_contact_id not in live:
            self.select_contact(NO_CONTACT)


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _get(result: Any, name: str, default: Any = None) -> Any:
    if isinstance(result, Mapping):
        return result.get(name, default)
    return getattr(result, name, default)


def _outcome(action: CtiAction, contact_id: str, result: Any, started: float) -> ActionOutcome:
    if action.id is None:
        raise ValueError("action has no id: it was never stored")
    status = str(_get(result, "status", "completed"))
    error = str(_get(result, "error", "") or "")
    warnings = [str(w) for w in (_get(result, "warnings", []) or [])]
    lines: list[str] = []
    if error:
        lines.append(error)
    lines.extend(f"Warning: {w}" for w in warnings)
    for step in _get(result, "steps", []) or []:
        exception = _get(step, "exception", "")
        if exception:
            lines.append(f"Block {_get(step, 'id', '?')} ({_get(step, 'type', '?')}): {exception}")
    run_id = _get(result, "run_id")
    if run_id is not None:
        lines.append(f"Run {run_id} of flow {_get(result, 'flow', action.flow_name)!s}")
    messages = {
        "completed": "Done",
        "timed_out": "Took too long and was stopped",
        "cancelled": "Cancelled",
    }
    message = messages.get(status) if status != "failed" else None
    if message is None:
        message = _first_line(error) or f"Failed ({status})"
    duration = _get(result, "duration_ms")
    return ActionOutcome(
        action.id,
        action.name,
        contact_id,
        status,
        message,
        "\n".join(lines) or message,
        float(duration) if isinstance(duration, int | float) else _ms_since(started),
        result,
    )


__all__ = [
    "ActionAlreadyRunning",
    "ActionCannotRun",
    "ActionOutcome",
    "OverlayData",
    "OverlayEntry",
    "OverlayService",
    "RunKey",
]
