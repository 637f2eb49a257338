"""What every command group shares: the usage error and JSON output."""

from __future__ import annotations

import json
import sys
from typing import Any


class UsageError(Exception):
    """Bad usage or bad input: the message goes to stderr and the exit code is 2."""


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def read_json_argument(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
