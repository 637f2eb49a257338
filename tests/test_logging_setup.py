"""The log file records from the level the settings choose, changed at once; --verbose keeps DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from cti_desktop import logging_setup
from cti_desktop.logging_setup import apply_level, configure_logging, current_level


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging_setup._verbose = False


def test_the_level_applies_at_once_to_the_log_file(tmp_path: Path) -> None:
    log_file = configure_logging(log_file=tmp_path / "log" / "cti-desktop.log")
    assert log_file is not None and current_level() == "INFO"
    logging.getLogger("cti_desktop.test").info("first information")
    apply_level("WARNING")
    logging.getLogger("cti_desktop.test").info("second information")
    logging.getLogger("cti_desktop.test").warning("a warning")
    apply_level("DEBUG")
    logging.getLogger("cti_desktop.test").debug("a debug message")
    text = log_file.read_text(encoding="utf-8")
    assert "first information" in text and "a warning" in text and "a debug message" in text
    assert "second information" not in text


def test_verbose_records_everything_whatever_the_setting(tmp_path: Path) -> None:
    configure_logging(verbose=True, log_file=None, level="ERROR")
    apply_level("WARNING")
    assert current_level() == "DEBUG"


def test_a_level_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a log level"):
        apply_level("LOUD")
