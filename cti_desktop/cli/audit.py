"""`cti-desktop audit list|export`: who changed what, and when."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from cti_desktop.cli.common import UsageError, print_json
from cti_desktop.services.audit_log import AuditFilter, AuditLog


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="list or export the audit log (who changed what, when)")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    lst = commands.add_parser("list", help="list the entries, newest first")
    _filters(lst)
    lst.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    lst.add_argument("--json", action="store_true", help="print a JSON list")
    lst.set_defaults(handler=list_command)
    export = commands.add_parser("export", help="write the entries to a CSV file, oldest first")
    _filters(export)
    export.add_argument("-o", "--output", metavar="FILE.csv", required=True)
    export.set_defaults(handler=export_command)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="ISO", help="from this moment on (2026-12-04 or 2026-12-04T09:30)")
    parser.add_argument("--user", metavar="NAME", help="changes by this person only")


def _filter(args: argparse.Namespace) -> AuditFilter:
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            raise UsageError(f"--since {args.since!r} is not a date or time like 2026-12-04T09:30") from None
        if since.tzinfo is None:
            since = since.astimezone()  # the PC's own zone, as people write times
        since = since.astimezone(UTC)
    return AuditFilter(since=since, author=args.user or "")


def list_command(args: argparse.Namespace, engine: Engine) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    entries = AuditLog(engine).page(_filter(args), limit=args.limit)
    if args.json:
        print_json([entry.to_json() for entry in entries])
        return 0
    for entry in entries:
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{when}  {entry.author or '?':<12} {entry.operation:<8} {entry.kind:<11} {entry.name}")
    if not entries:
        print("no entries")
    return 0


def export_command(args: argparse.Namespace, engine: Engine) -> int:
    path = Path(args.output)
    if path.is_dir():
        raise UsageError(f"{path} is a folder: give a file name, e.g. {path / 'audit.csv'}")
    try:
        written = AuditLog(engine).export_csv(path, _filter(args))
    except OSError as exc:
        raise UsageError(f"{path} cannot be written: {exc.strerror or exc}") from exc
    print(f"wrote {written} entr{'y' if written == 1 else 'ies'} to {path}")
    return 0
