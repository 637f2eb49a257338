"""Garbage collection tuned for an app that must never pause in front of an agent.

After start-up the process holds a large, long-lived heap (Qt wrappers, SQLAlchemy and pydantic
metadata, the block registry). Python's automatic full collections walk all of it, 80 to 200 ms here,
on whichever thread happens to allocate: a visible freeze of the overlay. So the start-up heap is frozen
(never scanned again), automatic full collections are pushed far out, and the app runs a full
collection itself when the agent is not waiting on anything.
"""

from __future__ import annotations

import gc

# Young collections stay as Python sets them; full ones happen only when the app asks for them.
FULL_COLLECTION_THRESHOLD = 1_000_000


def settle_after_startup() -> None:
    """Call once the main window is up: collect what start-up left behind and freeze the rest."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)


def collect_now() -> int:
    """A full collection of what was created since start-up (frozen objects are skipped)."""
    return gc.collect()
