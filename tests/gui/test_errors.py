"""Unexpected errors are logged and shown without blocking, and the app goes on."""

from __future__ import annotations

import asyncio
import logging

import pytest
from pytestqt.qtbot import QtBot

from cti_desktop.gui.errors import ErrorReporter


def test_exception_in_a_slot_is_logged_and_shown(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    reporter = ErrorReporter()
    try:
        raise ValueError("the CRM answered nonsense")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR), qtbot.waitSignal(reporter.error_reported):
            reporter.excepthook(ValueError, exc, exc.__traceback__)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog is not None
    assert "the CRM answered nonsense" in reporter.dialog.text()
    assert not reporter.dialog.isModal()
    assert "the CRM answered nonsense" in caplog.text
    reporter.dialog.close()


def test_exception_in_a_coroutine_is_reported(qtbot: QtBot) -> None:
    reporter = ErrorReporter()
    loop = asyncio.new_event_loop()
    try:
        with qtbot.waitSignal(reporter.error_reported) as blocker:
            reporter.loop_exception_handler(
                loop, {"message": "Task exception was never retrieved", "exception": RuntimeError("timeout")}
            )
        assert "timeout" in blocker.args[0]
    finally:
        loop.close()
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    assert reporter.dialog is not None
    reporter.dialog.close()


def test_second_error_while_dialog_open_is_counted_not_stacked(qtbot: QtBot) -> None:
    reporter = ErrorReporter()
    reporter.report("first", RuntimeError("first"))
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    first_dialog = reporter.dialog
    reporter.report("second", RuntimeError("second"))
    qtbot.waitUntil(lambda: first_dialog is not None and "1 more error" in first_dialog.informativeText())
    assert reporter.dialog is first_dialog
    first_dialog.close()
