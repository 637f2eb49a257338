"""What start-up peeks at before pydantic is loaded agrees with the validated settings."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from cti_desktop import paths
from cti_desktop.settings import Settings, Theme, load_settings
from cti_desktop.settings_sources import THEMES, peek_startup_settings


def test_the_themes_are_the_settings_themes() -> None:
    assert typing.get_args(Theme) == THEMES


@pytest.mark.parametrize(
    ("machine_text", "user_text", "environ", "overrides"),
    [
        ("", "", {}, {}),
        ('database_url = "sqlite:////srv/cti.db"\ntheme = "dark"\n', "", {}, {}),
        ('database_url = "sqlite:////srv/cti.db"\n', 'theme = "light"\n', {}, {}),
        ('theme = "dark"\n', 'theme = "purple"\n', {}, {}),  # the user's typo falls back to the machine's
        ("database_url = 5\n", "theme = 7\n", {}, {}),  # wrong types are ignored
        ('database_url = "sqlite:////a.db"\n', "", {"CTI_DESKTOP_DB": "sqlite:////b.db"}, {}),
        (
            "",
            "",
            {"CTI_DESKTOP_DB": "sqlite:////b.db", "CTI_DESKTOP_THEME": "dark"},
            {"database_url": "x://"},
        ),
        ("not [valid toml", 'theme = "dark"\n', {"CTI_DESKTOP_THEME": "bogus"}, {"database_url": None}),
        ('database_url = ""\n', "", {}, {}),
    ],
)
def test_peek_agrees_with_the_validated_settings(
    tmp_path: Path, machine_text: str, user_text: str, environ: dict[str, str], overrides: dict[str, str]
) -> None:
    machine, user = tmp_path / "machine.toml", tmp_path / "user.toml"
    machine.write_text(machine_text, encoding="utf-8")
    user.write_text(user_text, encoding="utf-8")
    sources = {"machine_file": machine, "user_file": user, "environ": environ}

    peeked = peek_startup_settings(overrides, **sources)
    settings: Settings = load_settings(overrides, **sources).settings

    assert peeked.database_url == settings.resolved_database_url()
    assert peeked.theme == settings.theme


def test_no_database_set_means_the_default_file(tmp_path: Path) -> None:
    peeked = peek_startup_settings(
        None, machine_file=tmp_path / "m.toml", user_file=tmp_path / "u.toml", environ={}
    )
    assert peeked.database_url == paths.default_database_url()
    assert peeked.theme == "system"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "theme = 'dark'\nx = " + "[" * 3000 + "]" * 3000,
            "nested too deeply (at most 64 levels)",
        ),
        ("theme = 'dark'\nx = " + "[" * 450 + "]" * 450, "the value for 'x' is not valid and was ignored"),
        (
            "theme = 'dark'\nrun_time_limit_s = nan",
            "the value for 'run_time_limit_s' is not valid and was ignored",
        ),
    ],
)
def test_a_settings_file_beyond_the_input_limits_is_ignored_in_words(
    text: str, words: str, tmp_path: Path
) -> None:
    from cti_desktop.settings_sources import read_file

    path = tmp_path / "settings.toml"
    path.write_text(text)
    problems: list[str] = []
    values = read_file(path, problems)
    assert len(problems) == 1 and words in problems[0] and str(path) in problems[0]
    assert "was ignored" in problems[0]
    assert "x" not in values and "run_time_limit_s" not in values
    loaded = load_settings(machine_file=path, user_file=tmp_path / "none.toml", environ={})
    assert any(words in problem for problem in loaded.problems)
