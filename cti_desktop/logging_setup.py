"""Logging to a rotating file in the platform's log folder and to stderr."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from cti_desktop import paths

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file_path() -> Path:
    return paths.log_dir() / "cti-desktop.log"


def configure_logging(*, verbose: bool = False, log_file: Path | None = None) -> Path | None:
    """Send logs to stderr and, unless `log_file` is None and files are off, to a rotating file.
    Returns the log file in use."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
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
