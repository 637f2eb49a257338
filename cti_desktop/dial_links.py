"""tel: and callto: links, as the desktop hands them to the app when someone clicks one.

The installers register CTI Desktop as their handler: Linux runs `cti-desktop %u`, Windows
`cti-desktop.exe --dial "%1"`, macOS adds the link to the command line (argv emulation). The link becomes
`--dial NUMBER`, and the app runs click-to-dial with the number once its window is up. When the person
already runs the app, the new start hands the number to it and exits (`gui/single_instance.py`).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from urllib.parse import unquote

SCHEMES = ("tel", "callto")
_LINK = re.compile(r"^(tel|callto):", re.IGNORECASE)
# What a dialable number may hold once the link's decoration is gone (RFC 3966 visual separators).
_NUMBER = re.compile(r"^\+?[0-9*#\-.() ]+$")


def is_dial_link(text: str) -> bool:
    return _LINK.match(text) is not None


def number_from_link(link: str) -> str:
    """The number in a tel: or callto: link: `tel:+1-206-555-0100;ext=12` -> `+1-206-555-0100`.
    Raises argparse.ArgumentTypeError (a ValueError for argparse) with a message for the user."""
    text = link.strip()
    match = _LINK.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{link!r} is not a tel: or callto: link")
    rest = unquote(text[match.end() :]).removeprefix("//")
    # Parameters (;phone-context=, ;ext=) and queries are not part of the number to dial.
    number = re.split(r"[;?]", rest, maxsplit=1)[0].strip().rstrip("/")
    if not number:
        raise argparse.ArgumentTypeError(f"the link {link!r} has no number to dial")
    if _NUMBER.match(number) is None or not any(c.isdigit() or c in "*#" for c in number):
        raise argparse.ArgumentTypeError(f"the link {link!r} does not hold a phone number ({number!r})")
    return number


def add_dial_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dial",
        metavar="LINK",
        type=number_from_link,
        help="start the app and dial the number of a tel: or callto: link (as the desktop passes them)",
    )


def links_as_options(argv: Sequence[str]) -> list[str]:
    """Turn a bare link argument into `--dial LINK`, so `cti-desktop tel:123` works next to the command
    groups (argparse cannot mix an optional positional with subcommands)."""
    result: list[str] = []
    previous = ""
    for argument in argv:
        if is_dial_link(argument) and previous != "--dial":
            result.extend(["--dial", argument])
        else:
            result.append(argument)
        previous = argument
    return result
