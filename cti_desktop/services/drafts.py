"""Form drafts kept without making the agent wait: what is typed is written on a worker thread of its
own, in the order it was typed, so the overlay never waits on the database (another program may hold its
write lock for seconds). Until a write has landed, its values are answered from memory, so reopening a
form at once shows the latest typing, never an older draft. `flush` waits for every pending write
(closing the app loses nothing)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from cti_desktop.store.drafts import Draft, DraftRepository

log = logging.getLogger(__name__)

DraftKey = tuple[int, str]
# A draft being written (its values) or being deleted (None).
_Pending = dict[str, Any] | None
_ABSENT = object()


class DraftKeeper:
    def __init__(self, engine: Engine, repository: DraftRepository | None = None) -> None:
        self._repo = repository if repository is not None else DraftRepository(engine)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cti-drafts")
        self._lock = threading.Lock()
        self._pending: dict[DraftKey, tuple[int, _Pending]] = {}
        self._sequence = 0

    # -- reading --------------------------------------------------------------------------------------

    def get(self, action_id: int, contact_id: str) -> Draft | None:
        pending = self._pending_values(action_id, contact_id)
        if pending is not _ABSENT:
            return _as_draft(action_id, contact_id, pending)  # type: ignore[arg-type]
        return self._repo.get(action_id, contact_id)

    def find(self, action_id: int, contact_id: str, live_contact_ids: Iterable[str] = ()) -> Draft | None:
        """As `DraftRepository.find`: this contact's draft, else the newest one of a contact that is gone."""
        pending = self._pending_values(action_id, contact_id)
        if pending is not _ABSENT:
            return _as_draft(action_id, contact_id, pending)  # type: ignore[arg-type]
        live = set(live_contact_ids) - {contact_id}
        with self._lock:
            orphans = sorted(
                (sequence, other, values)
                for (action, other), (sequence, values) in self._pending.items()
                if action == action_id and other not in live and values is not None
            )
        if orphans:  # the newest typing of a contact that is gone, not yet written
            _, other, values = orphans[-1]
            return _as_draft(action_id, other, values)
        draft = self._repo.find(action_id, contact_id, live)
        if draft is not None and self._pending_values(draft.action_id, draft.contact_id) is None:
            return None  # that one is being deleted
        return draft

    def all(self) -> list[Draft]:
        # What waits to be written first, then the store: a write landing in between is then in both
        # (the pending one wins, with the same values), never in neither.
        with self._lock:
            pending = {key: values for key, (_, values) in self._pending.items()}
        stored = {(d.action_id, d.contact_id): d for d in self._repo.all()}
        for (action_id, contact_id), values in pending.items():
            if values is None:
                stored.pop((action_id, contact_id), None)
            else:
                stored[(action_id, contact_id)] = Draft(action_id, contact_id, values, datetime.now(UTC))
        return list(stored.values())

    # -- writing --------------------------------------------------------------------------------------

    def save(self, action_id: int, contact_id: str, values: Mapping[str, Any]) -> Future[None]:
        copy = dict(values)
        return self._submit((action_id, contact_id), copy, self._repo.save, action_id, contact_id, copy)

    def delete(self, action_id: int, contact_id: str) -> Future[None]:
        return self._submit((action_id, contact_id), None, self._repo.delete, action_id, contact_id)

    def flush(self, timeout_s: float | None = None) -> None:
        """Wait until every write asked for so far has landed (or failed, which is logged)."""
        self._writer.submit(lambda: None).result(timeout=timeout_s)

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    # -- internals ------------------------------------------------------------------------------------

    def _pending_values(self, action_id: int, contact_id: str) -> object:
        with self._lock:
            entry = self._pending.get((action_id, contact_id))
        return _ABSENT if entry is None else entry[1]

    def _submit(
        self, key: DraftKey, values: _Pending, write: Callable[..., None], *args: Any
    ) -> Future[None]:
        with self._lock:
            self._sequence += 1
            sequence = self._sequence
            self._pending[key] = (sequence, values)
        future = self._writer.submit(write, *args)
        future.add_done_callback(lambda done: self._landed(key, sequence, done))
        return future

    def _landed(self, key: DraftKey, sequence: int, done: Future[None]) -> None:
        error = done.exception()
        if error is not None:
            # Kept in memory: the form still shows the typing, and the next save tries again.
            log.warning("a form draft could not be written: %s", error)
            return
        with self._lock:
            entry = self._pending.get(key)
            # A newer write of the same draft still waits: its values stay the answer.
            if entry is not None and entry[0] == sequence:
                del self._pending[key]


def _as_draft(action_id: int, contact_id: str, values: _Pending) -> Draft | None:
    return None if values is None else Draft(action_id, contact_id, dict(values), datetime.now(UTC))
