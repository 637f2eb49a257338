"""File → Preferences → Telephony: the connector and the SIP phone's settings, written into the
[telephony] and [telephony.sip] tables of the user's file; a bad value refused beside its field; what
IT's file sets read-only."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cti_desktop.gui.preferences import PreferencesDialog
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.settings_writer import SettingsWriter
from cti_desktop.settings import load_settings


@pytest.fixture
def writer(tmp_path: Path) -> SettingsWriter:
    return SettingsWriter(
        ChangeBus(), user_file=tmp_path / "user.toml", machine_file=tmp_path / "machine.toml", environ={}
    )


def open_dialog(qtbot: QtBot, writer: SettingsWriter, tmp_path: Path) -> PreferencesDialog:
    dialog = PreferencesDialog(writer, tmp_path / "log", f"sqlite:///{tmp_path / 'cti.db'}")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.ui.pages.setCurrentWidget(dialog.ui.telephonyPage)
    return dialog


def choose(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_the_sip_phone_is_chosen_and_written_into_its_tables(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    writer.user_file.write_text('# my settings\ntheme = "dark"\n', encoding="utf-8")
    dialog = open_dialog(qtbot, writer, tmp_path)
    ui = dialog.ui
    assert ui.telephonyConnectorCombo.currentData() == "simulator"
    assert ui.sipListenEdit.text() == "0.0.0.0:5060"
    assert ui.sipQueueHeaderEdit.text() == "X-Queue"
    choose(ui.telephonyConnectorCombo, "sip")
    ui.sipRegistrarEdit.setText("sip:pbx.example.com")
    ui.sipUserEdit.setText("agent1001")
    choose(ui.sipTransportCombo, "tcp")
    ui.sipAutoAnswerCheck.setChecked(True)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert ui.restartNote.text() == (
        "Saved. Restart CTI Desktop for the telephony connector and the SIP phone's settings to take effect."
    )
    written = tomllib.loads(writer.user_file.read_text(encoding="utf-8"))
    assert written == {
        "theme": "dark",
        "telephony": {
            "connector": "sip",
            "sip": {
                "registrar": "sip:pbx.example.com",
                "user": "agent1001",
                "transport": "tcp",
                "auto_answer": True,
            },
        },
    }
    assert writer.user_file.read_text(encoding="utf-8").startswith("# my settings\n")
    loaded = load_settings(user_file=writer.user_file, machine_file=writer.machine_file, environ={})
    settings = loaded.settings
    assert settings.telephony.connector == "sip"
    assert settings.telephony.sip.listen == "0.0.0.0:5060"  # untouched: not written
    assert settings.telephony.sip.auto_answer is True


def test_a_bad_listen_address_is_refused_beside_its_field(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, writer, tmp_path)
    dialog.ui.sipListenEdit.setText("5060")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.sipListenNote.isVisible()
    assert "not an address and port such as 0.0.0.0:5060" in dialog.ui.sipListenNote.text()
    assert not writer.user_file.exists()


def test_the_registrar_it_sets_is_read_only_and_merges_with_the_users_settings(
    qtbot: QtBot, writer: SettingsWriter, tmp_path: Path
) -> None:
    writer.machine_file.write_text('[telephony.sip]\nregistrar = "sip:pbx.corp"\n', encoding="utf-8")
    dialog = open_dialog(qtbot, writer, tmp_path)
    assert not dialog.ui.sipRegistrarEdit.isEnabled()
    assert dialog.ui.sipRegistrarEdit.text() == "sip:pbx.corp"
    dialog.ui.sipUserEdit.setText("agent7")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    sip = load_settings(user_file=writer.user_file, machine_file=writer.machine_file, environ={}).settings
    assert (sip.telephony.sip.registrar, sip.telephony.sip.user) == ("sip:pbx.corp", "agent7")
