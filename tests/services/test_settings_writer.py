"""Preferences' way to the settings files: the user's file edited in place (comments and order kept), one
bad value refusing the whole write, the machine's settings left to IT, each write announced."""

from __future__ import annotations

from pathlib import Path

import pytest

from cti_desktop.services.changes import Change, ChangeBus, ChangeKind
from cti_desktop.services.settings_writer import FIXED_BY_IT, SettingsRefused, SettingsWriter
from cti_desktop.settings import load_settings

USER_FILE = """\
# My settings: keep this comment.
theme = "light"   # bright office

# Where the calls' data lives.
demo_data = false
"""


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def heard(bus: ChangeBus) -> list[Change]:
    changes: list[Change] = []
    bus.changed.connect(changes.append)
    return changes


def writer_for(tmp_path: Path, bus: ChangeBus, machine: str = "") -> SettingsWriter:
    machine_file = tmp_path / "machine.toml"
    if machine:
        machine_file.write_text(machine, encoding="utf-8")
    return SettingsWriter(
        bus, user_file=tmp_path / "user" / "settings.toml", machine_file=machine_file, environ={}
    )


def test_a_write_keeps_the_files_comments_and_order(
    tmp_path: Path, bus: ChangeBus, heard: list[Change]
) -> None:
    writer = writer_for(tmp_path, bus)
    writer.user_file.parent.mkdir()
    writer.user_file.write_text(USER_FILE, encoding="utf-8")
    written = writer.write({"theme": "dark", "default_country": "DE"})
    text = writer.user_file.read_text(encoding="utf-8")
    assert text.startswith('# My settings: keep this comment.\ntheme = "dark"   # bright office\n')
    assert "# Where the calls' data lives.\ndemo_data = false\n" in text
    assert text.endswith('default_country = "DE"\n')
    loaded = load_settings(user_file=writer.user_file, machine_file=tmp_path / "none.toml", environ={})
    assert (loaded.settings.theme, loaded.settings.default_country, loaded.problems) == ("dark", "DE", [])
    assert heard == [Change(ChangeKind.SETTING, ("theme", "default_country"))]
    # Only the theme applies at once.
    assert written.needs_restart == ("default_country",)


def test_a_bad_value_refuses_the_whole_write_in_words(
    tmp_path: Path, bus: ChangeBus, heard: list[Change]
) -> None:
    writer = writer_for(tmp_path, bus)
    with pytest.raises(SettingsRefused) as refused:
        writer.write({"theme": "dark", "default_country": "Germany", "overlay_data_kept": "forever"})
    assert set(refused.value.problems) == {"default_country", "overlay_data_kept"}
    assert "two-letter country code" in refused.value.problems["default_country"]
    assert "'until_closed' or 'until_cleared'" in refused.value.problems["overlay_data_kept"]
    assert not writer.user_file.exists()
    assert heard == []


def test_a_setting_the_machine_file_sets_is_left_to_it(tmp_path: Path, bus: ChangeBus) -> None:
    writer = writer_for(tmp_path, bus, machine='database_url = "postgresql+psycopg://db.example/cti"\n')
    snapshot = writer.snapshot()
    assert snapshot.fixed_by_machine == {"database_url"}
    assert snapshot.values["database_url"] == "postgresql+psycopg://db.example/cti"
    with pytest.raises(SettingsRefused, match=FIXED_BY_IT):
        writer.write({"database_url": "sqlite:////tmp/mine.db"})
    assert not writer.user_file.exists()


def test_an_empty_database_address_removes_the_setting(tmp_path: Path, bus: ChangeBus) -> None:
    writer = writer_for(tmp_path, bus)
    writer.write({"database_url": "sqlite:////tmp/other.db", "theme": "dark"})
    assert writer.snapshot().values["database_url"] == "sqlite:////tmp/other.db"
    writer.write({"database_url": ""})
    assert writer.user_file.read_text(encoding="utf-8") == 'theme = "dark"\n'


def test_a_file_that_is_not_toml_is_not_overwritten(tmp_path: Path, bus: ChangeBus) -> None:
    writer = writer_for(tmp_path, bus)
    writer.user_file.parent.mkdir()
    writer.user_file.write_text("theme = [oops\n", encoding="utf-8")
    with pytest.raises(SettingsRefused, match="not valid TOML"):
        writer.write({"theme": "dark"})
    assert writer.user_file.read_text(encoding="utf-8") == "theme = [oops\n"


def test_settings_the_environment_gives_are_named_with_their_variable(tmp_path: Path, bus: ChangeBus) -> None:
    writer = SettingsWriter(
        bus,
        user_file=tmp_path / "user.toml",
        machine_file=tmp_path / "machine.toml",
        environ={"CTI_DESKTOP_THEME": "dark", "CTI_DESKTOP_DB": ""},
    )
    snapshot = writer.snapshot()
    assert snapshot.from_environment == {"theme": "CTI_DESKTOP_THEME"}
    # What Preferences shows and edits is what the files say.
    assert snapshot.values["theme"] == "system"
