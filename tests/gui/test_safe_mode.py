"""Safe mode: a database that cannot be read opens a window that says what is wrong, names the latest
backup and puts it back on request, after which the app starts normally."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.errors import ErrorReporter
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.safe_mode import SafeModeWindow
from cti_desktop.gui.startup import AppSession, ServicesLoader
from cti_desktop.services.startup import prepare_services
from cti_desktop.services.store_health import StoreTrouble, diagnose
from cti_desktop.store.database import open_store
from cti_desktop.store.errors import StoreError

# SQLite's own file: its locks, backups and damage (PostgreSQL's server handles these).
pytestmark = pytest.mark.sqlite_only

DEMO_ACTIONS = ["Customer Gift Card", "Caller Details", "Log Call Note"]
NOT_A_DATABASE = b"This is the text of a letter, saved over the database by mistake.\n" * 200


def _database_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


@pytest.fixture
def backed_up_then_damaged(db_url: str) -> Path:
    """A database with the demo data, a backup of it beside it (as an upgrade makes), then the database
    overwritten with something that is not a database. Returns the backup."""
    prepare_services({"database_url": db_url}).services.close()
    path = _database_path(db_url)
    backup = path.with_name(f"{path.stem}.backup-20261201-093000{path.suffix}")
    shutil.copyfile(path, backup)
    taken = datetime(2026, 12, 1, 9, 30).timestamp()
    os.utime(backup, (taken, taken))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(NOT_A_DATABASE)
    return backup


def _trouble(db_url: str) -> StoreTrouble:
    try:
        open_store(db_url)
    except StoreError as exc:
        trouble = diagnose(db_url, exc)
    else:
        raise AssertionError("the damaged database opened")
    assert trouble is not None
    return trouble


def _texts(window: QWidget) -> str:
    return "\n".join(label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window))


def test_safe_mode_says_what_is_wrong_and_names_the_latest_backup(
    qtbot: QtBot, db_url: str, backed_up_then_damaged: Path
) -> None:
    window = SafeModeWindow(_trouble(db_url))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    shown = _texts(window)
    assert "cannot be read: it is damaged, or it is not a database file" in shown
    assert "cannot be read: it is not a database" in shown  # the check's finding
    assert "1 December 2026 at" in shown and backed_up_then_damaged.name in shown
    assert "KB)" in shown
    assert window.restore_button.isVisible() and window.restore_button.isEnabled()
    assert "Traceback" not in shown and "[SQL" not in shown


def test_clicking_restore_asks_for_the_latest_backup(
    qtbot: QtBot, db_url: str, backed_up_then_damaged: Path
) -> None:
    window = SafeModeWindow(_trouble(db_url))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.restore_requested) as asked:
        qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    assert asked.args == [str(backed_up_then_damaged)]


def test_without_a_backup_it_says_so_and_offers_quit_and_the_log_folder(
    qtbot: QtBot, db_url: str, backed_up_then_damaged: Path
) -> None:
    backed_up_then_damaged.unlink()
    window = SafeModeWindow(_trouble(db_url))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    assert "There is no backup of this database" in _texts(window)
    assert not window.restore_button.isVisible()
    assert window.quit_button.isVisible() and window.log_button.isVisible()
    assert window.quit_button.isDefault()
    with qtbot.waitSignal(window.quit_requested):
        qtbot.mouseClick(window.quit_button, Qt.MouseButton.LeftButton)


def test_safe_mode_is_keyboard_usable_and_every_control_has_an_accessible_name(
    qtbot: QtBot, db_url: str, backed_up_then_damaged: Path
) -> None:
    window = SafeModeWindow(_trouble(db_url))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: window.restore_button.hasFocus())  # Enter restores at once

    controls = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert controls
    assert all(control.accessibleName() for control in controls), [
        control.objectName() or type(control).__name__ for control in controls if not control.accessibleName()
    ]
    # Tab reaches every button; each has a mnemonic for Alt.
    reached: set[QWidget] = set()
    for _ in range(len(controls) + 2):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is not None:
            reached.add(focused)
    assert set(window.buttons()) <= reached
    assert all("&" in button.text() for button in window.buttons() if isinstance(button, QAbstractButton))
    with qtbot.waitSignal(window.quit_requested):
        qtbot.keyClick(window, Qt.Key.Key_Escape)


@pytest.fixture
def session_parts(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, ErrorReporter]]:
    window = MainWindow(
        None, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat), startup_actions=[]
    )
    qtbot.addWidget(window)
    reporter = ErrorReporter(window)
    yield window, reporter
    # The session's qasync loop runs inside pytest-qt's Qt loop: let go of it as the qloop fixture does.
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


def test_a_damaged_database_opens_in_safe_mode_and_restoring_its_backup_starts_the_app(
    qtbot: QtBot,
    qapp: QApplication,
    db_url: str,
    backed_up_then_damaged: Path,
    session_parts: tuple[MainWindow, ErrorReporter],
) -> None:
    window, reporter = session_parts
    make_loader = partial(
        ServicesLoader,
        partial(prepare_services, {"database_url": db_url}),
        diagnose=partial(diagnose, db_url),
    )
    session = AppSession(qapp, window, reporter, None, make_loader)
    window.show()
    qtbot.waitExposed(window)
    session.load()
    qtbot.waitUntil(lambda: session.safe_mode is not None and session.safe_mode.isVisible(), timeout=20_000)
    safe_mode = session.safe_mode
    assert safe_mode is not None
    assert backed_up_then_damaged.name in _texts(safe_mode)
    assert not window.editor_action.isEnabled()  # the app has no store yet

    qtbot.mouseClick(safe_mode.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.services is not None, timeout=30_000)

    try:
        path = _database_path(db_url)
        assert path.read_bytes()[:16] == b"SQLite format 3\x00"
        kept = list(path.parent.glob(f"{path.stem}.damaged-*{path.suffix}"))
        assert len(kept) == 1 and kept[0].read_bytes() == NOT_A_DATABASE  # kept aside, not deleted
        assert session.safe_mode is None and not safe_mode.isVisible()
        assert window.editor_action.isEnabled()
        panel = window.drawer.panel("Actions")
        qtbot.waitUntil(lambda: panel.visible_action_names() == DEMO_ACTIONS)
        assert window.drawer.tab_titles() == ["Attributes", "Actions", "Data"]
    finally:
        session.services.runner.cancel_all()
        session.services.close()


def test_choosing_another_backup_file_asks_to_restore_that_file(
    qtbot: QtBot, db_url: str, backed_up_then_damaged: Path
) -> None:
    window = SafeModeWindow(_trouble(db_url))
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.choose_button, Qt.MouseButton.LeftButton)
    chooser = window.chooser
    assert chooser is not None
    qtbot.waitUntil(chooser.isVisible)
    with qtbot.waitSignal(window.restore_requested) as asked:
        chooser.fileSelected.emit(str(backed_up_then_damaged))
    assert asked.args == [str(backed_up_then_damaged)]
    chooser.reject()


def test_a_backup_that_is_not_sound_is_refused_in_words_and_the_choices_stay(
    qtbot: QtBot,
    qapp: QApplication,
    db_url: str,
    backed_up_then_damaged: Path,
    session_parts: tuple[MainWindow, ErrorReporter],
) -> None:
    window, reporter = session_parts
    make_loader = partial(
        ServicesLoader,
        partial(prepare_services, {"database_url": db_url}),
        diagnose=partial(diagnose, db_url),
    )
    session = AppSession(qapp, window, reporter, None, make_loader)
    session.load()
    qtbot.waitUntil(lambda: session.safe_mode is not None, timeout=20_000)
    safe_mode = session.safe_mode
    assert safe_mode is not None
    bad = backed_up_then_damaged.with_name("not-a-backup.db")
    bad.write_bytes(NOT_A_DATABASE)

    session.restore(str(bad))
    qtbot.waitUntil(lambda: "was not restored" in safe_mode.status_label.text(), timeout=20_000)

    assert "not a database" in safe_mode.status_label.text()
    assert _database_path(db_url).read_bytes() == NOT_A_DATABASE  # nothing was replaced
    assert safe_mode.restore_button.isEnabled() and safe_mode.choose_button.isEnabled()
    assert session.services is None and session.safe_mode is safe_mode
    session.finish()
