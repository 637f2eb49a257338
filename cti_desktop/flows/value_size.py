"""How much memory a run's values take, roughly: the measure behind the run value limit (docs/flows.md,
"Limits").

Counted per step on the block's results, so it must cost next to nothing: text and bytes count their
length, other scalars 8 bytes, lists and dicts 8 bytes per item plus their items (and a dict's keys).
A value seen twice counts twice, as it will be written twice in the run's record. Counting stops as soon
as the budget is passed: a list of a hundred million numbers is refused from its length alone.
"""

from __future__ import annotations

from typing import Any, Final


class ValueLimitError(Exception):
    """A block made the run hold more than its value limit; the message says how much, in words."""


# What a reference to an item, a number or a boolean is taken to cost.
ITEM_BYTES: Final = 8


def held_size(value: Any, budget: int) -> int:
    """The approximate size of `value` in bytes, or some number above `budget` once it is passed."""
    size = 0
    waiting = [value]
    pop, extend = waiting.pop, waiting.extend
    while waiting:
        item = pop()
        kind = type(item)
        if kind is str or kind is bytes or kind is bytearray:
            size += len(item)
        elif kind is dict or kind is list or kind is tuple:
            size += ITEM_BYTES * len(item)
            if size > budget:
                return size
            if kind is dict:
                for key in item:
                    if type(key) is str:
                        size += len(key)
                extend(item.values())
            else:
                extend(item)
        else:
            size += ITEM_BYTES
        if size > budget:
            return size
    return size
