"""Running service operations from windows: store errors shown in words without blocking, long work off
the GUI thread."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from cti_desktop.gui.operations import run_in_background, run_now


def locked() -> None:
    raise OperationalError("UPDATE flow ...", {}, sqlite3.OperationalError("database is locked"))


def error_box(parent: QWidget) -> QMessageBox | None:
    return parent.findChild(QMessageBox, "operationError")


def test_a_store_error_is_shown_in_words_without_blocking(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    assert run_now(parent, "The flow was not saved", locked) is None  # returned: nothing waits on the box
    box = error_box(parent)
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.text().startswith("The flow was not saved. The database is busy")
    assert "UPDATE" not in box.text(), "the SQL is in the details, not the sentence"


def test_a_bug_is_not_taken_for_a_store_error(qtbot: QtBot) -> None:
    def bug() -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        run_now(None, "Not saved", bug)
    assert run_now(None, "Not saved", lambda: 5) == 5


def test_long_work_runs_off_the_gui_thread(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    gui_thread = threading.current_thread()
    released = threading.Event()

    def long_work() -> str:
        # Waits for a timer of the GUI thread: if the GUI thread waited for this, it would never fire.
        assert threading.current_thread() is not gui_thread
        return "done" if released.wait(5) else "the GUI thread was blocked"

    task = asyncio.ensure_future(run_in_background(None, "Not done", long_work))
    QTimer.singleShot(20, released.set)
    qtbot.waitUntil(task.done, timeout=6000)
    assert task.result() == "done"


def test_a_store_error_in_long_work_is_shown_too(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    task = asyncio.ensure_future(run_in_background(parent, "The record was not saved", locked))
    qtbot.waitUntil(task.done)
    assert task.result() is None
    box = error_box(parent)
    assert box is not None and "The database is busy" in box.text()
