"""Garbage collection tuned for an app that must never pause in front of an agent.

After start-up the process holds a large, long-lived heap (Qt wrappers, SQLAlchemy and pydantic
metadata, the block registry). Python's automatic full collections walk all of it, 80 to 200 ms here,
on whichever thread happens to allocate: a visible freeze of the overlay. So the start-up heap is frozen
(never scanned again), automatic full collections are pushed far out, and the app runs a full
collection itself when the agent is not waiting on anything.
"""

from __future__ import annotations

import gc
import importlib

# Young collections stay as Python sets them; full ones happen only when the app asks for them.
FULL_COLLECTION_THRESHOLD = 1_000_000

# Loaded on first use, so start-up does not wait for them; loaded here, once the window is up, so the
# first call of a shift does not wait for them either.
DEFERRED_MODULES = ("phonenumbers", "jsonata", "httpx")


def settle_after_startup() -> None:
    """Call once the main window is up: load what start-up deferred, collect what start-up left behind
    and freeze the rest."""
    for name in DEFERRED_MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)


def collect_now() -> int:
    """A full collection of what was created since start-up (frozen objects are skipped)."""
    return gc.collect()
