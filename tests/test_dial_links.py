"""tel: and callto: links as the desktop passes them: the number is taken out, anything else is refused
with a message, and a bare link on the command line becomes --dial."""

from __future__ import annotations

import argparse

import pytest

from cti_desktop.cli import build_parser
from cti_desktop.dial_links import is_dial_link, links_as_options, number_from_link


@pytest.mark.parametrize(
    ("link", "number"),
    [
        ("tel:+12065550100", "+12065550100"),
        ("tel:+1-206-555-0100", "+1-206-555-0100"),
        ("TEL:+1.206.555.0100", "+1.206.555.0100"),
        ("tel:+1-206-555-0100;ext=12", "+1-206-555-0100"),
        ("tel:7042;phone-context=example.com", "7042"),
        ("tel:%2B44%2020%207946%200000", "+44 20 7946 0000"),
        ("callto:+442079460000", "+442079460000"),
        ("callto://+442079460000/", "+442079460000"),
        ("callto:(206) 555-0100?call", "(206) 555-0100"),
        ("  tel:*123#  ", "*123#"),
    ],
)
def test_number_from_link(link: str, number: str) -> None:
    assert number_from_link(link) == number


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("mailto:someone@example.com", "is not a tel: or callto: link"),
        ("tel:", "has no number to dial"),
        ("callto://;ext=1", "has no number to dial"),
        ("callto:echo123", "does not hold a phone number"),
        ("tel:+1<script>", "does not hold a phone number"),
        ("tel:(-)", "does not hold a phone number"),
    ],
)
def test_links_without_a_number_are_refused_with_a_message(link: str, message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        number_from_link(link)


def test_is_dial_link() -> None:
    assert is_dial_link("tel:1")
    assert is_dial_link("Callto:1")
    assert not is_dial_link("--dial")
    assert not is_dial_link("telephone")


def test_bare_links_become_the_dial_option() -> None:
    assert links_as_options(["tel:+1 206 555 0100"]) == ["--dial", "tel:+1 206 555 0100"]
    assert links_as_options(["--db", "sqlite:///x.db", "callto:123"]) == [
        "--db",
        "sqlite:///x.db",
        "--dial",
        "callto:123",
    ]
    assert links_as_options(["--dial", "tel:1"]) == ["--dial", "tel:1"]
    assert links_as_options(["db", "upgrade"]) == ["db", "upgrade"]


def test_the_command_line_reads_a_link_into_a_number() -> None:
    parser = build_parser()

    args = parser.parse_args(links_as_options(["tel:+1-206-555-0100;ext=7"]))

    assert args.dial == "+1-206-555-0100"
    assert args.group is None
    assert parser.parse_args([]).dial is None


def test_the_command_line_refuses_a_link_without_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(links_as_options(["callto:echo123"]))

    assert exit_info.value.code == 2
    assert "does not hold a phone number" in capsys.readouterr().err
