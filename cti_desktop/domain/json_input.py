"""The limits every JSON value from outside (flow, action and CRM files, settings, run arguments,
properties, HTTP answers) is held to before it is stored or run, so that what goes in can always come
out: nested at most `MAX_DEPTH` levels (deeper values could not be recorded or exported), text that is
valid Unicode (a lone surrogate cannot be written as UTF-8), numbers that standard JSON can write (no
NaN or infinity) and that fit a 64-bit column where one is expected.

The reference for these limits is docs/flows.md ("Limits")."""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 64
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class JsonInputError(ValueError):
    """Input refused; the message says why in words, naming where in the value the problem is."""


def _refuse_constant(name: str) -> Any:
    raise JsonInputError(f"{name} is not a number standard JSON can hold")


def loads(text: str, what: str = "The JSON") -> Any:
    """Parse `text` and check the value (`check`); JsonInputError, in words, when it is not JSON or
    breaks a limit. `what` starts the message ("The flow file x.json")."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except JsonInputError as exc:
        raise JsonInputError(f"{what} is refused: {exc}") from None
    except RecursionError:
        raise JsonInputError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    check(value, what)
    return value


def problem(value: Any) -> str | None:
    """What breaks a limit in `value` (already parsed), in words with its place, or None. Walks the
    value without recursion, so a value nested thousands deep is refused, not a crash."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, place, depth = stack.pop()
        where = f" (at {_printable(place)})" if place else ""
        if depth > MAX_DEPTH:
            return f"it is nested too deeply (at most {MAX_DEPTH} levels){where}"
        if isinstance(item, str):
            if not _is_unicode(item):
                return f"it holds text that is not valid Unicode{where}"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return f"it holds {item!r}, which is not a number standard JSON can hold{where}"
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and not _is_unicode(key):
                    return f"it holds a name that is not valid Unicode{where}"
                stack.append((child, f"{place}.{key}" if place else str(key), depth + 1))
        elif isinstance(item, list | tuple):
            for index, child in enumerate(item):
                stack.append((child, f"{place}[{index}]", depth + 1))
    return None


def _printable(place: str) -> str:
    """A place as one line of text: a control character in a name (a newline) is shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in place)


def check(value: Any, what: str = "The value") -> None:
    found = problem(value)
    if found is not None:
        raise JsonInputError(f"{what} is refused: {found}")


def check_text(text: str, what: str) -> None:
    """A single piece of text (a name, an id, a key) must be valid Unicode."""
    if not _is_unicode(text):
        raise JsonInputError(f"{what} is not valid Unicode text")


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON text for output: readable (non-ASCII as it is) when it is valid Unicode, else every
    non-ASCII character escaped, which is still standard JSON, so that odd stored data never stops an
    export or a listing."""
    text = json.dumps(value, indent=indent, ensure_ascii=False, default=str)
    if _is_unicode(text):
        return text
    return json.dumps(value, indent=indent, ensure_ascii=True, default=str)


def fits_int64(number: int) -> bool:
    return INT64_MIN <= number <= INT64_MAX


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
