"""`actions|flows history|publish|rollback`: the versions of an action or a flow from the command line.

A refusal (no such item or version, nothing to publish, a draft someone else saved since) exits 2 with
one line saying who saved what and when."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import datetime

from cti_desktop.cli.common import UsageError, print_json
from cti_desktop.store.versions import Version

Handler = Callable[..., int]


def register(
    commands: argparse._SubParsersAction,
    item: str,
    *,
    history: Handler,
    publish: Handler,
    rollback: Handler,
) -> None:
    """Add `history`, `publish` and `rollback` to a command group (`item`: "action" or "flow")."""
    shown = commands.add_parser(
        "history", help=f"list every saved version of a{'n' if item[0] in 'aeiou' else ''} {item}"
    )
    shown.add_argument("name", metavar="NAME")
    shown.add_argument("--json", action="store_true", help="print JSON")
    shown.set_defaults(handler=history)
    live = commands.add_parser("publish", help=f"make the {item}'s draft live on every seat")
    live.add_argument("name", metavar="NAME")
    live.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        dest="expected",
        help="publish only if the draft is still version N (exit 2, saying who saved, otherwise)",
    )
    live.add_argument("--note", default="", help="why, for the history")
    live.set_defaults(handler=publish)
    back = commands.add_parser("rollback", help=f"publish an older version of the {item} again, as a new one")
    back.add_argument("name", metavar="NAME")
    back.add_argument("--to", type=int, metavar="VERSION", required=True, dest="to_version")
    back.add_argument("--note", default="", help="why, for the history")
    back.set_defaults(handler=rollback)


def print_history(versions: Sequence[Version], as_json: bool) -> None:
    if as_json:
        print_json([v.to_json() for v in versions])
        return
    table = [("VERSION", "STATE", "AUTHOR", "SAVED AT", "NOTE")]
    for v in versions:
        table.append((str(v.number), v.state, v.author or "-", _local(v.saved_at), v.note))
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def check_expected(name: str, versions: Sequence[Version], expected: int | None) -> None:
    """UsageError (exit 2) when the newest version is not the one the caller expects to publish."""
    if expected is None or not versions or versions[0].number == expected:
        return
    newest = versions[0]
    raise UsageError(
        f"'{name}' changed meanwhile: version {newest.number} was saved by {newest.author or 'someone'} "
        f"at {_local(newest.saved_at)}; nothing was published (see: history {name})"
    )


def _local(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def describe_draft(name: str, versions: Sequence[Version]) -> str:
    """How a pending draft is named in a refusal: its number, author and time."""
    newest = versions[0]
    return (
        f"'{name}' has a draft that is not published (version {newest.number}, saved by "
        f"{newest.author or 'someone'} at {_local(newest.saved_at)})"
    )
