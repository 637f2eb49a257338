"""`cti-desktop db status|history|upgrade`: the schema, explicitly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cti_desktop.cli.common import UsageError
from cti_desktop.store import database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="show or upgrade the database schema")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    status = commands.add_parser("status", help="print the database's revision and this build's head")
    status.set_defaults(handler=status_command)
    history = commands.add_parser("history", help="list the schema revisions, oldest first")
    history.set_defaults(handler=history_command)
    upgrade = commands.add_parser(
        "upgrade",
        help="upgrade the database (backed up first: a SQLite file beside itself, PostgreSQL with pg_dump)",
    )
    upgrade.add_argument("--to", metavar="REVISION", default="head", help="target revision (default: head)")
    upgrade.add_argument(
        "--without-backup",
        action="store_true",
        help="upgrade without taking a backup first (when you took one yourself)",
    )
    upgrade.set_defaults(handler=upgrade_command)
    check = commands.add_parser("check", help="check the database file for damage, in words")
    check.set_defaults(handler=check_command)
    restore = commands.add_parser("restore", help="put a backup in place of the database (kept aside)")
    restore.add_argument("backup", metavar="BACKUP", help="a backup file (see 'db check' for the latest)")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=restore_command)


def _options(args: argparse.Namespace) -> database.ServerOptions:
    return getattr(args, "server_options", database.DEFAULT_SERVER_OPTIONS)


def _backups_folder(args: argparse.Namespace) -> Path | None:
    """The settings' backups folder (None: beside the database, or the data folder's for a server)."""
    folder = getattr(args, "backups_dir", None)
    return folder if isinstance(folder, Path) else None


def status_command(args: argparse.Namespace, url: str) -> int:
    current = database.check_known_revision(url, _options(args))
    head = database.head_revision()
    print(f"database: {database.describe_url(url)}")
    print(f"current:  {current or '(empty)'}")
    print(f"head:     {head}")
    print("up to date" if current == head else "an upgrade is available: cti-desktop db upgrade")
    return 0


def history_command(args: argparse.Namespace, url: str) -> int:
    for revision in database.history():
        summary = revision.doc.splitlines()[0] if revision.doc else ""
        print(f"{revision.revision}  {summary}")
    return 0


def upgrade_command(args: argparse.Namespace, url: str) -> int:
    known = {r.revision for r in database.history()}
    if args.to != "head" and args.to not in known:
        raise UsageError(f"unknown revision {args.to!r}; see 'cti-desktop db history'")
    options = _options(args)
    current = database.check_known_revision(url, options)
    if current is not None and args.to != "head":
        order = [r.revision for r in database.history()]
        if order.index(args.to) < order.index(current):
            raise UsageError(f"the database is at {current}, past {args.to}; downgrades are not supported")
    engine = database.make_engine(url, options)
    try:
        backup = database.upgrade(
            engine,
            url,
            args.to,
            options=options,
            backups_dir=_backups_folder(args),
            without_backup=args.without_backup,
        )
        print(f"upgraded {database.describe_url(url)} to {database.current_revision(engine)}")
        if backup is not None:
            print(f"backup: {backup}")
    finally:
        engine.dispose()
    return 0


def check_command(args: argparse.Namespace, url: str) -> int:
    from cti_desktop.store import maintenance

    health = maintenance.check(url)
    print(f"database: {database.describe_url(url)}")
    for finding in health.findings:
        print(finding)
    latest = next(iter(maintenance.backups(url, _backups_folder(args))), None)
    if latest is not None:
        print(f"latest backup: {latest.path} ({latest.taken_at:%Y-%m-%d %H:%M})")
    if not health.ok:
        if latest is not None:
            print(f"To restore it: cti-desktop db restore {latest.path}")
        return 2
    return 0


def restore_command(args: argparse.Namespace, url: str) -> int:
    from cti_desktop.store import maintenance

    backup = Path(args.backup)
    target = database.describe_url(url)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"restoring replaces {target}: add --yes to confirm")
        answer = input(f"Replace {target} with {backup}? The current file is kept aside. [y/N] ")
        if answer.strip().casefold() not in ("y", "yes"):
            print("nothing was changed")
            return 2
    aside = maintenance.restore(url, backup)
    print(f"restored {backup} into {target}")
    print(f"the previous file was kept as {aside}")
    return 0
