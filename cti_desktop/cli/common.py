"""What every command group shares: the usage error, JSON input and output, and writing output files."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from cti_desktop.domain import json_input


class UsageError(Exception):
    """Bad usage or bad input: the message goes to stderr and the exit code is 2."""


def print_json(value: Any) -> None:
    sys.stdout.write(json_input.dumps(value, indent=2))
    sys.stdout.write("\n")


def read_json_argument(text: str, what: str) -> Any:
    """A JSON argument within the input limits (`domain.json_input`); UsageError in words otherwise."""
    try:
        return json_input.loads(text, what)
    except json_input.JsonInputError as exc:
        raise UsageError(str(exc)) from None


def write_output(text: str, output: str | None) -> bool:
    """Write to the file named by --output, or to stdout when there is none (or it is "-").
    Returns whether a file was written. The file is written under a temporary name beside it and
    renamed when complete, so a failure never leaves a half-written or empty file in its place."""
    if not output or output == "-":
        sys.stdout.write(text)
        return False
    target = Path(output)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{output}: not written: the text is not valid Unicode") from None
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(target))  # as a plain write would have made it, not mkstemp's 0600
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise UsageError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return True


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
