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


def test_a_backups_folder_is_made_and_checked_before_it_is_written(
    tmp_path: Path, bus: ChangeBus, heard: list[Change]
) -> None:
    writer = writer_for(tmp_path, bus)
    writer.user_file.parent.mkdir()
    writer.user_file.write_text(USER_FILE, encoding="utf-8")
    folder = tmp_path / "new" / "backups"
    written = writer.write({"backups_dir": str(folder), "log_level": "DEBUG"})
    assert folder.is_dir() and list(folder.iterdir()) == [], "made, and the trial file removed"
    assert written.needs_restart == ()
    text = writer.user_file.read_text(encoding="utf-8")
    assert text.startswith(USER_FILE)
    assert text.endswith(f'backups_dir = "{folder}"\nlog_level = "DEBUG"\n')
    assert heard == [Change(ChangeKind.SETTING, ("backups_dir", "log_level"))]
    writer.write({"backups_dir": ""})
    assert "backups_dir" not in writer.user_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "said"),
    [("file", "is a file, not a folder"), ("file/backups", "cannot be made"), ("relative", "full path")],
)
def test_a_backups_folder_that_cannot_hold_backups_is_refused(
    tmp_path: Path, bus: ChangeBus, where: str, said: str
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    writer = writer_for(tmp_path, bus)
    value = "backups" if where == "relative" else str(tmp_path / where)
    with pytest.raises(SettingsRefused) as refused:
        writer.write({"backups_dir": value, "theme": "dark"})
    assert said in refused.value.problems["backups_dir"]
    assert not writer.user_file.exists()


def test_a_log_level_that_is_not_one_is_refused(tmp_path: Path, bus: ChangeBus) -> None:
    with pytest.raises(SettingsRefused) as refused:
        writer_for(tmp_path, bus).write({"log_level": "LOUD"})
    assert "'DEBUG', 'INFO', 'WARNING' or 'ERROR'" in refused.value.problems["log_level"]
