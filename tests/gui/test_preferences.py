"""File → Preferences, driven through its widgets: the theme applies at once, a bad value is refused
beside its field, IT's settings are read-only, a change needing a restart says so, Test Connection
answers from a worker thread, and every control has a name for screen readers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop import paths
from cti_desktop.gui import preferences as preferences_module
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.preferences import PreferencesDialog
from cti_desktop.gui.theme import apply_theme, is_dark
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.services.connection_check import ConnectionCheck, check_database_connection
from cti_desktop.services.live_changes import LiveChanges
from cti_desktop.services.settings_writer import SettingsWriter
from tests.gui.accessibility import HIGHLIGHT, OUTLINE, frame_is, high_contrast


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def machine_file(tmp_path: Path) -> Path:
    return tmp_path / "machine.toml"


@pytest.fixture
def writer(tmp_path: Path, bus: ChangeBus, machine_file: Path) -> SettingsWriter:
    return SettingsWriter(bus, user_file=tmp_path / "user.toml", machine_file=machine_file, environ={})


@pytest.fixture
def system_theme_after(qapp: QApplication) -> Iterator[None]:
    yield
    apply_theme(qapp, "system")


def open_dialog(qtbot: QtBot, writer: SettingsWriter, tmp_path: Path) -> PreferencesDialog:
    dialog = PreferencesDialog(writer, tmp_path / "log", f"sqlite:///{tmp_path / 'cti.db'}")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def click_apply(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)


def test_the_theme_applies_at_once_and_is_written(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path, bus: ChangeBus, system_theme_after: None
) -> None:
    heard: list[Change] = []
    bus.changed.connect(heard.append)
    dialog = open_dialog(qtbot, writer, tmp_path)
    assert not is_dark()
    choose(dialog.ui.themeCombo, "dark")
    click_apply(qtbot, dialog)
    assert is_dark()
    assert writer.user_file.read_text(encoding="utf-8") == 'theme = "dark"\n'
    assert heard == [Change(ChangeKind.SETTING, ("theme",))]
    assert "Restart" not in dialog.ui.restartNote.text()
    choose(dialog.ui.themeCombo, "system")
    click_apply(qtbot, dialog)
    assert not is_dark()


def test_a_bad_value_is_refused_beside_its_field(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, writer, tmp_path)
    dialog.ui.countryEdit.setText("Germany")
    choose(dialog.ui.dataKeptCombo, "until_cleared")
    click_apply(qtbot, dialog)
    note = dialog.ui.countryNote
    assert note.isVisible()
    assert "two-letter country code" in note.text()
    assert dialog.focusWidget() is dialog.ui.countryEdit
    assert dialog.ui.countryEdit.accessibleDescription() == note.text()
    assert "Nothing was saved" in dialog.ui.restartNote.text()
    assert not writer.user_file.exists()
    assert dialog.isVisible()


def test_a_change_that_needs_a_restart_says_so(qtbot: QtBot, writer: SettingsWriter, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, writer, tmp_path)
    dialog.ui.countryEdit.setText("GB")
    dialog.ui.databaseUrlEdit.setText(f"sqlite:///{tmp_path / 'other.db'}")
    with qtbot.waitSignal(dialog.settings_written) as written:
        click_apply(qtbot, dialog)
    assert written.args[0].needs_restart == ("default_country", "database_url")
    assert dialog.ui.restartNote.text() == (
        "Saved. Restart CTI Desktop for the default phone country and the database to take effect."
    )
    assert not dialog.ui.countryNote.isVisible()


def test_what_it_sets_is_read_only(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path, machine_file: Path
) -> None:
    machine_file.write_text('theme = "dark"\ndefault_country = "DE"\n', encoding="utf-8")
    dialog = open_dialog(qtbot, writer, tmp_path)
    for widget, note in (
        (dialog.ui.themeCombo, dialog.ui.themeNote),
        (dialog.ui.countryEdit, dialog.ui.countryNote),
    ):
        assert not widget.isEnabled()
        assert note.text() == "Set by your IT department."
        assert "set by your IT department" in widget.toolTip()
    assert dialog.ui.themeCombo.currentData() == "dark"
    assert dialog.ui.countryEdit.text() == "DE"
    assert dialog.ui.databaseUrlEdit.isEnabled() and not dialog.ui.databaseUrlNote.isVisible()
    assert dialog.changed_values() == {}


def test_a_setting_an_environment_variable_gives_says_so_and_stays_editable(
    qtbot: QtBot, bus: ChangeBus, tmp_path: Path, machine_file: Path
) -> None:
    writer = SettingsWriter(
        bus,
        user_file=tmp_path / "user.toml",
        machine_file=machine_file,
        environ={"CTI_DESKTOP_DB": f"sqlite:///{tmp_path / 'env.db'}"},
    )
    dialog = open_dialog(qtbot, writer, tmp_path)
    note = dialog.ui.databaseUrlNote.text()
    assert note.startswith("The environment variable CTI_DESKTOP_DB is set and wins over this setting")
    assert dialog.ui.databaseUrlEdit.isEnabled()
    assert dialog.ui.databaseUrlEdit.accessibleDescription() == note
    # A refused value elsewhere leaves the note standing.
    dialog.ui.countryEdit.setText("XX")
    click_apply(qtbot, dialog)
    assert dialog.ui.databaseUrlNote.text() == note
    dialog.ui.countryEdit.setText("US")
    click_apply(qtbot, dialog)
    assert not dialog.ui.countryNote.isVisible()
    assert dialog.ui.countryEdit.accessibleDescription() == "A two-letter country code such as US, DE or GB"


def test_ok_writes_and_closes_cancel_writes_nothing(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, writer, tmp_path)
    dialog.ui.countryEdit.setText("FR")
    dialog.reject()
    assert not writer.user_file.exists()
    dialog = open_dialog(qtbot, writer, tmp_path)
    choose(dialog.ui.dataKeptCombo, "until_cleared")
    dialog.ui.buttonBox.accepted.emit()
    assert not dialog.isVisible()
    assert writer.user_file.read_text(encoding="utf-8") == 'overlay_data_kept = "until_cleared"\n'


def test_test_connection_answers_in_words_from_a_worker_thread(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    def check(url: str) -> ConnectionCheck:
        threads.append(threading.current_thread())
        return check_database_connection(url)

    monkeypatch.setattr(preferences_module.connection_check, "check_database_connection", check)
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("not a database\n" * 100, encoding="utf-8")
    dialog = open_dialog(qtbot, writer, tmp_path)
    dialog.ui.pages.setCurrentWidget(dialog.ui.databasePage)
    dialog.ui.databaseUrlEdit.setText(f"sqlite:///{not_a_database}")
    with qtbot.waitSignal(dialog.connection_checked) as checked:
        qtbot.mouseClick(dialog.ui.testConnectionButton, Qt.MouseButton.LeftButton)
    assert threads and threads[0] is not threading.main_thread()
    assert not checked.args[0].ok
    assert (
        dialog.ui.connectionResult.text() == f"The database at {not_a_database} is not a database file "
        "(it may be another kind of file)."
    )
    assert dialog.ui.testConnectionButton.isEnabled()


def test_every_focusable_control_has_an_accessible_name(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, writer, tmp_path)
    focusable = [
        widget
        for widget in dialog.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not isinstance(widget, QLabel)
        and widget.window() is dialog
        and widget.parent() is not None
        # The tab bar is named through its tab widget; Qt's inner parts (a combo's list view) through theirs.
        and not widget.objectName().startswith("qt_")
    ]
    assert len(focusable) >= 10
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in focusable if not w.accessibleName()]
    assert unnamed == []


def _titled(title: str) -> QWidget:
    panel = QLabel(title)
    panel.title = title  # type: ignore[attr-defined]
    return panel


def test_file_preferences_opens_with_ctrl_comma(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "user_settings_path", lambda: tmp_path / "user.toml")
    monkeypatch.setattr(paths, "machine_settings_path", lambda: tmp_path / "machine.toml")
    services = SimpleNamespace(
        engine=engine,
        database_url=db_url,
        actions=None,
        changes=ChangeBus(),
        live=LiveChanges(engine, db_url, ChangeBus()),
        editing_refusal=lambda: None,
    )
    window = MainWindow(
        services,  # type: ignore[arg-type]
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        panels=lambda _services: [_titled("Actions")],
        workspace=lambda _services: QLabel("workspace"),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.preferences_action.shortcut().toString() == "Ctrl+,"
    assert window.preferences_action in window.file_menu.actions()
    window.preferences_action.trigger()
    dialog = window.preferences
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    dialog.close()
    qtbot.waitUntil(lambda: window.preferences is None)


def test_the_backups_folder_is_written_and_a_folder_that_cannot_be_is_refused_beside_it(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, writer, tmp_path)
    dialog.ui.pages.setCurrentWidget(dialog.ui.databasePage)
    assert dialog.ui.backupsDirEdit.text() == ""
    assert dialog.ui.backupsDirEdit.placeholderText() == f"Beside the database: {tmp_path}"
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    dialog.ui.backupsDirEdit.setText(str(tmp_path / "file"))
    click_apply(qtbot, dialog)
    note = dialog.ui.backupsDirNote
    assert note.isVisible() and note.text() == f"{tmp_path / 'file'} is a file, not a folder."
    assert dialog.focusWidget() is dialog.ui.backupsDirEdit
    assert not writer.user_file.exists()

    folder = tmp_path / "backups"
    dialog.ui.backupsDirEdit.setText(str(folder))
    with qtbot.waitSignal(dialog.settings_written):
        click_apply(qtbot, dialog)
    assert not note.isVisible()
    assert writer.user_file.read_text(encoding="utf-8") == f'backups_dir = "{folder}"\n'
    assert folder.is_dir()
    assert dialog.ui.backupsValue.text().endswith(f"is made in {folder}")
    assert dialog.ui.restartNote.text() == "Saved; applied."


def test_the_log_level_applies_at_once(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[str] = []
    monkeypatch.setattr(preferences_module, "apply_level", applied.append)
    dialog = open_dialog(qtbot, writer, tmp_path)
    assert dialog.ui.logLevelCombo.currentData() == "INFO"
    assert dialog.ui.logLevelLabel.buddy() is dialog.ui.logLevelCombo
    choose(dialog.ui.logLevelCombo, "WARNING")
    click_apply(qtbot, dialog)
    assert applied == ["WARNING"]
    assert writer.user_file.read_text(encoding="utf-8") == 'log_level = "WARNING"\n'
    assert dialog.ui.restartNote.text() == "Saved; applied."


def test_a_backups_folder_and_log_level_it_sets_are_read_only(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path, machine_file: Path
) -> None:
    machine_file.write_text(f'backups_dir = "{tmp_path / "it"}"\nlog_level = "ERROR"\n', encoding="utf-8")
    dialog = open_dialog(qtbot, writer, tmp_path)
    for widget, note in (
        (dialog.ui.backupsDirEdit, dialog.ui.backupsDirNote),
        (dialog.ui.logLevelCombo, dialog.ui.logLevelNote),
    ):
        assert not widget.isEnabled()
        assert note.text() == "Set by your IT department."
    assert dialog.ui.backupsDirEdit.text() == str(tmp_path / "it")
    assert dialog.ui.logLevelCombo.currentData() == "ERROR"
    assert dialog.changed_values() == {}


def test_under_high_contrast_fields_are_outlined_and_the_focused_one_framed(
    qtbot: QtBot, qapp: QApplication, writer: SettingsWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with high_contrast(qapp, monkeypatch):
        dialog = open_dialog(qtbot, writer, tmp_path)
        dialog.activateWindow()
        dialog.ui.countryEdit.setFocus()
        qtbot.waitUntil(dialog.ui.countryEdit.hasFocus)
        assert frame_is(dialog.ui.countryEdit, HIGHLIGHT)
        assert frame_is(dialog.ui.themeCombo, OUTLINE)
        # A refused value is said beside the field, and the field keeps its focus frame.
        dialog.ui.countryEdit.setText("Germany")
        click_apply(qtbot, dialog)
        assert dialog.ui.countryNote.isVisible()
        assert dialog.focusWidget() is dialog.ui.countryEdit
        assert frame_is(dialog.ui.countryEdit, HIGHLIGHT)


def test_a_database_server_is_backed_up_into_the_data_folder_unless_a_folder_is_chosen(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    dialog = PreferencesDialog(writer, tmp_path / "log", "postgresql+psycopg://cti@db.example/cti")
    qtbot.addWidget(dialog)
    default = tmp_path / "data" / "backups"
    assert dialog.ui.backupsDirEdit.placeholderText() == f"In the data folder: {default}"
    assert dialog.ui.backupsValue.text().endswith(f"made with pg_dump in {default}")
    assert dialog.ui.openBackupsButton.isEnabled()
