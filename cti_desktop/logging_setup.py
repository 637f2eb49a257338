"""Logging to a rotating file in the platform's log folder and to stderr.

The file records from the level the settings choose (`log_level`: DEBUG, INFO, WARNING or ERROR;
INFO unless changed): `configure_logging` starts at INFO, start-up applies the setting once it is read
(`apply_level`), and Preferences applies a new one at once. `--verbose` records DEBUG whatever the setting
says."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from cti_desktop import paths

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_LEVEL = "INFO"

_verbose = False  # --verbose was given: DEBUG, and the setting is not applied


def log_file_path() -> Path:
    return paths.log_dir() / "cti-desktop.log"


def configure_logging(
    *, verbose: bool = False, log_file: Path | None = None, level: str = DEFAULT_LEVEL
) -> Path | None:
    """Send logs to stderr and, unless `log_file` is None and files are off, to a rotating file.
    Returns the log file in use."""
    global _verbose
    _verbose = verbose
    root = logging.getLogger()
    apply_level(level)
    for handler in list(root.handlers):
        if getattr(handler, "_cti_desktop", False):
            root.removeHandler(handler)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    stderr._cti_desktop = True  # type: ignore[attr-defined]
    root.addHandler(stderr)
    if log_file is None:
        return None
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        rotating = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", log_file, exc)
        return None
    rotating.setFormatter(logging.Formatter(LOG_FORMAT))
    rotating._cti_desktop = True  # type: ignore[attr-defined]
    root.addHandler(rotating)
    return log_file


def apply_level(level: str) -> None:
    """Record from `level` up (one of LEVELS) from now on; under --verbose, DEBUG stays."""
    if level not in LEVELS:
        raise ValueError(f"{level!r} is not a log level: expected one of {', '.join(LEVELS)}")
    root = logging.getLogger()
    wanted = logging.DEBUG if _verbose else logging.getLevelName(level)
    if root.level != wanted:
        root.setLevel(wanted)
        logging.getLogger(__name__).info("recording log messages from %s up", logging.getLevelName(wanted))


def current_level() -> str:
    """The root logger's level, by name."""
    return str(logging.getLevelName(logging.getLogger().level))
