"""The menus follow the connected person's role: an agent's login may not change actions and flows (the
database refuses it, `store.roles`), so the entries that would are disabled, each saying why, rather
than failing once chosen. On a server the role is asked for off the GUI thread."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    # The store's libraries load after the window is up (gui.startup): imported where they are used.
    from cti_desktop.services.app_services import StoreEngine
    from cti_desktop.services.people import Person

log = logging.getLogger(__name__)

# Kept while the role is asked for, so the task is not collected half-way.
_pending: set[asyncio.Task[None]] = set()


def apply_role(person: Person, actions: Sequence[QAction]) -> None:
    """Disable `actions` (the editing entries), with the reason as their tips, unless `person` may edit."""
    refusal = person.editing_refusal()
    if refusal is None:
        return
    for action in actions:
        if not shiboken6.isValid(action):
            continue  # the window closed meanwhile
        action.setEnabled(False)
        action.setToolTip(refusal)
        action.setStatusTip(refusal)


def follow_role(engine: StoreEngine, actions: Sequence[QAction]) -> None:
    """Apply the role of the person `engine` connects as to `actions`: at once on one PC (no one to
    ask), else once the server has answered (on the running asyncio loop; at once when there is none)."""
    from cti_desktop.services.people import on_server, whoami

    if not on_server(engine):
        apply_role(whoami(engine), actions)
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        apply_role(whoami(engine), actions)
        return
    task = loop.create_task(_ask_then_apply(engine, list(actions)))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def _ask_then_apply(engine: StoreEngine, actions: list[QAction]) -> None:
    from cti_desktop.services.people import whoami
    from cti_desktop.services.store_errors import is_store_error

    try:
        person = await asyncio.to_thread(whoami, engine)
    except Exception as exc:
        if not is_store_error(exc):
            raise
        # The server is away: the entries stay as they are, and the database still refuses what it must.
        log.warning("the connected person's role could not be read: %s", exc)
        return
    apply_role(person, actions)


__all__ = ["apply_role", "follow_role"]
