"""What every command group shares: the usage error and JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
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


def write_output(text: str, output: str | None) -> bool:
    """Write to the file named by --output, or to stdout when there is none (or it is "-").
    Returns whether a file was written."""
    if not output or output == "-":
        sys.stdout.write(text)
        return False
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
    return True
