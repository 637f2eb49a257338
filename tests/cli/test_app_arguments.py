"""Starting the app parses the shared options alone; anything else goes to the full command line."""

from __future__ import annotations

import pytest

from cti_desktop.cli import app_arguments
from cti_desktop.dial_links import links_as_options


def test_no_arguments_start_the_app() -> None:
    args = app_arguments([])
    assert args is not None
    assert args.group is None and args.db is None and not args.no_demo and not args.self_test


def test_the_shared_options_start_the_app() -> None:
    args = app_arguments(["--db", "sqlite:////tmp/x.db", "--no-demo", "-v"])
    assert args is not None
    assert args.db == "sqlite:////tmp/x.db" and args.no_demo and args.verbose


def test_a_dial_link_starts_the_app() -> None:
    args = app_arguments(links_as_options(["tel:+12065550100"]))
    assert args is not None
    assert args.dial == "+12065550100"


@pytest.mark.parametrize(
    "arguments",
    [["actions", "list"], ["--db", "x", "flows", "list"], ["--help"], ["-h"], ["--bogus"], ["--db"]],
)
def test_commands_help_and_mistakes_go_to_the_full_command_line(arguments: list[str]) -> None:
    assert app_arguments(arguments) is None
