"""The settings that guard runs: run_value_limit_mb, and http_allowed_hosts, which only the machine's
settings file may set."""

from __future__ import annotations

from pathlib import Path

import pytest

from cti_desktop.settings import Settings, load_settings


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    return tmp_path / "machine.toml"


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user.toml"


def test_defaults() -> None:
    assert Settings().run_value_limit_mb == 10
    assert Settings().http_allowed_hosts == []


@pytest.mark.parametrize("value", ["2.5", "4096"])
def test_a_value_limit_is_read(machine: Path, user: Path, value: str) -> None:
    user.write_text(f"run_value_limit_mb = {value}\n", encoding="utf-8")
    loaded = load_settings(machine_file=machine, user_file=user, environ={})
    assert (loaded.settings.run_value_limit_mb, loaded.problems) == (float(value), [])


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e308", "true", '"ten"'])
def test_a_value_limit_that_makes_no_sense_keeps_the_default(machine: Path, user: Path, value: str) -> None:
    user.write_text(f"run_value_limit_mb = {value}\n", encoding="utf-8")
    loaded = load_settings(machine_file=machine, user_file=user, environ={})
    assert loaded.settings.run_value_limit_mb == 10
    assert len(loaded.problems) == 1
    assert "for 'run_value_limit_mb' is not valid and was ignored" in loaded.problems[0]


def test_the_machine_file_sets_the_allowed_hosts(machine: Path, user: Path) -> None:
    machine.write_text('http_allowed_hosts = ["api.example.com", "*.corp.example"]\n', encoding="utf-8")
    loaded = load_settings(machine_file=machine, user_file=user, environ={})
    assert loaded.settings.http_allowed_hosts == ["api.example.com", "*.corp.example"]
    assert loaded.problems == []


def test_the_user_file_and_the_command_line_cannot_set_the_allowed_hosts(machine: Path, user: Path) -> None:
    machine.write_text('http_allowed_hosts = ["api.example.com"]\n', encoding="utf-8")
    user.write_text('http_allowed_hosts = ["169.254.169.254"]\n', encoding="utf-8")
    loaded = load_settings(
        {"http_allowed_hosts": ["evil.example"]}, machine_file=machine, user_file=user, environ={}
    )
    assert loaded.settings.http_allowed_hosts == ["api.example.com"]
    assert loaded.problems == [
        f"The settings file {user}: 'http_allowed_hosts' can be set only in the machine's settings file "
        "and was ignored.",
        "The command line: 'http_allowed_hosts' can be set only in the machine's settings file and was "
        "ignored.",
    ]


@pytest.mark.parametrize("value", ['"api.example.com"', '["http://api.example.com"]', '["*"]', "[1]"])
def test_allowed_hosts_that_are_not_hosts_are_ignored(machine: Path, user: Path, value: str) -> None:
    machine.write_text(f"http_allowed_hosts = {value}\n", encoding="utf-8")
    loaded = load_settings(machine_file=machine, user_file=user, environ={})
    assert loaded.settings.http_allowed_hosts == []
    assert len(loaded.problems) == 1 and "for 'http_allowed_hosts' is not valid" in loaded.problems[0]
