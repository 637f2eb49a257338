"""Garbage collection tuned for an app that must never pause in front of an agent.

After start-up the process holds a large, long-lived heap (Qt wrappers, SQLAlchemy and pydantic
metadata, the block registry). Python's automatic full collections walk all of it, 80 to 200 ms here,
on whichever thread happens to allocate: a visible freeze of the overlay. So the start-up heap is frozen
(never scanned again), automatic full collections are pushed far out, and the app runs a full
collection itself when the agent is not waiting on anything.

Python also collects on whichever thread allocates, and the store, the loader and PJSIP work on threads
of their own. A cycle that holds a Qt object, collected there, deletes that object off the GUI thread and
crashes the app. So the app turns automatic collection off altogether and runs the young collections
Python would have run from a timer on the GUI thread (`collect_due`).
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


def stop_automatic_collection() -> None:
    """From now on only explicit collections run, on the thread that asks (see the module's note)."""
    gc.disable()


def collect_due() -> int:
    """The collection Python's automatic collector would run now, by its own thresholds: the oldest
    generation whose count passed its threshold (-1 when none is due)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = -1
    for generation in range(3):
        if counts[generation] <= thresholds[generation]:
            break
        due = generation
    if due >= 0:
        gc.collect(due)
    return due
