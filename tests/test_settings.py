"""Fleet settings: command line > environment > user file > machine file > defaults; bad input is reported
in words and never stops the app from starting."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cti_desktop import paths
from cti_desktop.settings import Settings, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    return tmp_path / "machine.toml"


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user.toml"


def test_defaults_when_no_file_and_no_environment(machine: Path, user: Path) -> None:
    loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings == Settings()
    assert loaded.settings.demo_data is True
    assert loaded.problems == []
    assert loaded.sources == []


def test_machine_file_sets_the_fleet_keys(machine: Path, user: Path) -> None:
    write(
        machine,
        'database_url = "postgresql://cti@db.example/cti"\ndemo_data = false\ntheme = "dark"\n',
    )

    loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings.database_url == "postgresql://cti@db.example/cti"
    assert loaded.settings.demo_data is False
    assert loaded.settings.theme == "dark"
    assert loaded.sources == [str(machine)]
    assert loaded.problems == []


def test_precedence_command_line_then_environment_then_user_then_machine(machine: Path, user: Path) -> None:
    write(machine, 'database_url = "sqlite:///machine.db"\ntheme = "dark"\ndemo_data = false\n')
    write(user, 'database_url = "sqlite:///user.db"\ntheme = "light"\n')
    environ = {"CTI_DESKTOP_DB": "sqlite:///env.db"}

    loaded = load_settings(
        {"database_url": "sqlite:///cli.db"}, machine_file=machine, user_file=user, environ=environ
    )
    assert loaded.settings.database_url == "sqlite:///cli.db"
    assert loaded.sources == [str(machine), str(user), "$CTI_DESKTOP_DB", "command line"]

    without_cli = load_settings({"database_url": None}, machine_file=machine, user_file=user, environ=environ)
    assert without_cli.settings.database_url == "sqlite:///env.db"

    without_env = load_settings(machine_file=machine, user_file=user, environ={})
    assert without_env.settings.database_url == "sqlite:///user.db"
    # The user's file overrides only the keys it names: demo_data still comes from the machine file.
    assert without_env.settings.theme == "light"
    assert without_env.settings.demo_data is False


def test_environment_values_are_converted(machine: Path, user: Path) -> None:
    environ = {"CTI_DESKTOP_DEMO_DATA": "0", "CTI_DESKTOP_THEME": "dark", "CTI_DESKTOP_DEFAULT_COUNTRY": "DE"}

    loaded = load_settings(machine_file=machine, user_file=user, environ=environ)

    assert loaded.settings.demo_data is False
    assert loaded.settings.theme == "dark"
    assert loaded.settings.default_country == "DE"


def test_empty_environment_variable_is_not_a_value(machine: Path, user: Path) -> None:
    write(machine, 'theme = "dark"\n')

    loaded = load_settings(machine_file=machine, user_file=user, environ={"CTI_DESKTOP_THEME": ""})

    assert loaded.settings.theme == "dark"


def test_malformed_machine_file_is_reported_and_defaults_are_used(
    machine: Path, user: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(machine, 'database_url = "sqlite:///x.db"\ntheme = \n')

    with caplog.at_level(logging.WARNING, logger="cti_desktop.settings"):
        loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert str(machine) in problem
    assert "not valid TOML" in problem
    assert "line 2" in problem
    assert problem in caplog.messages


def test_malformed_user_file_does_not_spoil_the_machine_file(machine: Path, user: Path) -> None:
    write(machine, 'theme = "dark"\n')
    write(user, "[[[\n")

    loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings.theme == "dark"
    assert loaded.sources == [str(machine)]
    assert [str(user) in p for p in loaded.problems] == [True]


def test_file_that_is_not_utf8_is_reported(machine: Path, user: Path) -> None:
    machine.write_bytes(b'theme = "\xff"\n')

    loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings == Settings()
    assert loaded.problems == [f"The settings file {machine} is not UTF-8 text and was ignored."]


def test_unreadable_path_is_reported(tmp_path: Path, user: Path) -> None:
    folder = tmp_path / "settings.toml"
    folder.mkdir()

    loaded = load_settings(machine_file=folder, user_file=user, environ={})

    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1
    assert "could not be read" in loaded.problems[0]


def test_invalid_value_drops_only_that_key(machine: Path, user: Path) -> None:
    write(machine, 'database_url = "sqlite:///fleet.db"\ntheme = "purple"\ndemo_data = "perhaps"\n')

    loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings.database_url == "sqlite:///fleet.db"
    assert loaded.settings.theme == "system"
    assert loaded.settings.demo_data is True
    assert len(loaded.problems) == 2
    theme_problem = next(p for p in loaded.problems if "'theme'" in p)
    assert str(machine) in theme_problem
    assert "'purple'" in theme_problem


def test_unknown_key_is_reported(machine: Path, user: Path) -> None:
    write(machine, 'databse_url = "sqlite:///typo.db"\n')

    loaded = load_settings(machine_file=machine, user_file=user, environ={})

    assert loaded.settings.database_url == ""
    assert len(loaded.problems) == 1
    assert "unknown setting 'databse_url'" in loaded.problems[0]
    assert "database_url" in loaded.problems[0]


def test_invalid_environment_value_names_the_variable(machine: Path, user: Path) -> None:
    write(machine, 'theme = "dark"\n')

    loaded = load_settings(machine_file=machine, user_file=user, environ={"CTI_DESKTOP_THEME": "neon"})

    assert loaded.settings.theme == "dark"
    assert len(loaded.problems) == 1
    assert "CTI_DESKTOP_THEME" in loaded.problems[0]


def test_no_user_files_switch_skips_machine_and_user_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    planted = write(tmp_path / "planted.toml", 'theme = "dark"\n')
    monkeypatch.setattr(paths, "machine_settings_path", lambda: planted)
    monkeypatch.setattr(paths, "user_settings_path", lambda: planted)

    assert load_settings(environ={"CTI_DESKTOP_NO_USER_FILES": "1"}).settings.theme == "system"
    assert load_settings(environ={}).settings.theme == "dark"


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", Path("/etc/cti-desktop/settings.toml")),
        ("darwin", Path("/Library/Application Support/CTI Desktop/settings.toml")),
    ],
)
def test_machine_settings_path_per_os(monkeypatch: pytest.MonkeyPatch, platform: str, expected: Path) -> None:
    monkeypatch.setattr(paths.sys, "platform", platform)

    assert paths.machine_settings_path() == expected


def test_resolved_database_url_falls_back_to_the_embedded_file() -> None:
    assert Settings().resolved_database_url() == paths.default_database_url()
    assert Settings(database_url="sqlite:///x.db").resolved_database_url() == "sqlite:///x.db"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("run_time_limit_s", "nan"),
        ("run_time_limit_s", "inf"),
        ("run_time_limit_s", 1e308),
        ("run_time_limit_s", -1),
        ("run_time_limit_s", 0),
        ("run_step_budget", -5),
        ("run_step_budget", True),
        ("run_step_budget", 0),
        ("default_country", "us"),
        ("default_country", "ZZ"),
        ("default_country", ""),
        ("database_url", "sqlite:///a\x00b.db"),
    ],
)
def test_values_that_would_break_things_are_ignored_with_the_usual_message(
    key: str, value: object, machine: Path, user: Path
) -> None:
    loaded = load_settings({key: value}, machine_file=machine, user_file=user, environ={})

    assert getattr(loaded.settings, key) == getattr(Settings(), key)
    assert len(loaded.problems) == 1
    assert f"for '{key}' is not valid and was ignored" in loaded.problems[0]


def test_sane_run_limits_and_a_known_country_are_kept(machine: Path, user: Path) -> None:
    loaded = load_settings(
        {"run_time_limit_s": 2.5, "run_step_budget": 50, "default_country": "GB"},
        machine_file=machine,
        user_file=user,
        environ={},
    )

    assert (loaded.settings.run_time_limit_s, loaded.settings.run_step_budget) == (2.5, 50)
    assert loaded.settings.default_country == "GB"
    assert loaded.problems == []


def test_a_backups_folder_must_be_a_full_path(machine: Path, user: Path, tmp_path: Path) -> None:
    write(user, f'backups_dir = "{tmp_path / "backups"}"\nlog_level = "WARNING"\n')
    settings = load_settings(machine_file=machine, user_file=user, environ={}).settings
    assert settings.backups_folder() == tmp_path / "backups"
    assert settings.log_level == "WARNING"
    assert Settings().backups_folder() is None and Settings().log_level == "INFO"
    assert Settings(backups_dir="~/backups").backups_folder() == Path.home() / "backups"

    write(user, 'backups_dir = "backups"\nlog_level = "LOUD"\n')
    loaded = load_settings(machine_file=machine, user_file=user, environ={})
    assert loaded.settings.backups_folder() is None and loaded.settings.log_level == "INFO"
    assert any("'backups_dir'" in problem and "full path" in problem for problem in loaded.problems)
    assert any("'log_level'" in problem for problem in loaded.problems)
