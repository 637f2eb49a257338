"""JSONata expressions (If-else conditions, String Template parts), evaluated within bounds.

A flow's expression runs on the app's event loop, beside the agent's overlay, so none may run away:
- each evaluation stops after `TIME_LIMIT_MS` and at `DEPTH_LIMIT` nested calls (a function calling
  itself forever), through jsonata's own guard;
- regular expressions run on RE2, whose time grows linearly with the text: a pattern such as
  `/(a+)+$/` cannot backtrack for minutes. RE2 has no back-references or look-arounds; such a pattern
  is reported when the flow is checked.
Either limit fails the block with `ExpressionLimitError`, in words (see docs/flows.md, "Limits").
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonata
    from jsonata.regex_engine import RegexFlags

# Long enough for any sensible expression (they take micro- to milliseconds), short enough that the
# overlay does not visibly stall.
TIME_LIMIT_MS = 250
DEPTH_LIMIT = 100

# jsonata's codes for "stack too deep" and "ran too long".
_DEPTH_CODE, _TIME_CODE = "D1011", "D1012"


class ExpressionLimitError(Exception):
    """An expression went past its time or depth limit; the message says which, in words."""


def linear_time_regex(pattern: str, flags: RegexFlags) -> Any:
    import re2

    prefix = ("(?i)" if flags.case_insensitive else "") + ("(?m)" if flags.multiline else "")
    return re2.compile(prefix + pattern)


@functools.lru_cache(maxsize=1024)
def compile_expression(expression: str) -> jsonata.Jsonata:
    """Compiled once per text (already written in JSONata's syntax); raises on a syntax error."""
    # Imported on first use: it costs ~60 ms of start-up that flows without expressions never need.
    import jsonata

    return jsonata.Jsonata(expression, regex_engine=linear_time_regex)


def evaluate(compiled: jsonata.Jsonata, data: Any, shown: str) -> Any:
    """Evaluate within the bounds; `shown` names the expression in messages."""
    from jsonata.jexception import JException

    # The guard measures from when it is set, so it is set anew for every evaluation.
    compiled.environment.set_runtime_bounds(TIME_LIMIT_MS, DEPTH_LIMIT)
    try:
        return compiled.evaluate(data)
    except JException as exc:
        if exc.error == _TIME_CODE:
            raise ExpressionLimitError(
                f"expression '{shown}' ran longer than {TIME_LIMIT_MS} ms and was stopped"
            ) from None
        if exc.error == _DEPTH_CODE:
            raise ExpressionLimitError(
                f"expression '{shown}' nested more than {DEPTH_LIMIT} calls deep and was stopped"
            ) from None
        raise
    except RecursionError:
        raise ExpressionLimitError(f"expression '{shown}' nested too deeply and was stopped") from None
