"""How flows read values, as JavaScript would (the adapter's flows were written for a JavaScript engine):
truthiness, numbers from numbers or numeric text, loose equality. Blocks and control kinds share these."""

from __future__ import annotations

import math
import re
from typing import Any

from cti_desktop.flows.references import to_text

_INT_RE = re.compile(r"[+-]?\d+")


def truthy(value: Any) -> bool:
    """JavaScript-like truthiness, plus the texts "false" and "null" (any case) are false."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, str):
        return value != "" and value.lower() not in ("false", "null")
    if isinstance(value, int | float):
        return value == value and value != 0  # NaN is false
    return True  # objects and lists, empty or not, as in JavaScript


def as_number(value: Any) -> int | float | None:
    """A number from a number or numeric text; None for anything else (true/false included)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INT_RE.fullmatch(text):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def tidy(number: float) -> int | float:
    """2.0 -> 2: flows treat numbers as JavaScript does, with one number type."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def loose_equal(left: Any, right: Any) -> bool:
    if type(left) is type(right):
        return bool(left == right)
    left_number, right_number = as_number(left), as_number(right)
    if left_number is not None and right_number is not None:
        return left_number == right_number
    return to_text(left) == to_text(right)
