"""The command line. With no subcommand it starts the desktop app; the subcommands work on the store
through the same services as the GUI, and never create demo data.

Starting the app parses only the options every command shares, without loading the command groups (and
the store's libraries they use): the window must come up fast (see `gui.startup`)."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cti_desktop import __version__
from cti_desktop.cli.common import UsageError
from cti_desktop.compat import httpcore_pool
from cti_desktop.dial_links import add_dial_argument, links_as_options

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from cti_desktop.store.database import ServerOptions

# Each group is a module `cti_desktop.cli.<name>` with `register(subparsers)`.
COMMAND_GROUPS: tuple[str, ...] = (
    "db",
    "actions",
    "flows",
    "properties",
    "crm",
    "credentials",
    "users",
    "audit",
)

# Groups that manage the schema themselves, or need no database, get the URL instead of an engine.
# (`users` and `whoami` need no database on SQLite, so do not create one there.)
UNMIGRATED_GROUPS = {"db", "credentials", "users", "whoami"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cti-desktop",
        description="CTI Desktop: CTI Actions and CTI Flows for contact-center agents. "
        "With no command, starts the desktop app.",
    )
    add_global_options(parser)
    subparsers = parser.add_subparsers(dest="group", metavar="COMMAND")
    for name in COMMAND_GROUPS:
        module = importlib.import_module(f"cti_desktop.cli.{name}")
        module.register(subparsers)
    return parser


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"CTI Desktop {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help="SQLAlchemy database URL (default: the embedded SQLite file)"
    )
    parser.add_argument("--no-demo", action="store_true", help="do not create demo data in an empty database")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check the installation offscreen on a temporary database, print each check, exit 0 if all pass",
    )
    add_dial_argument(parser)


def app_arguments(arguments: list[str]) -> argparse.Namespace | None:
    """The options when `arguments` start the app (no command, nothing the shared options do not know);
    None when the full command line must parse them (a command, --help, a mistake to explain)."""
    parser = argparse.ArgumentParser(prog="cti-desktop", add_help=False, exit_on_error=False)
    add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(arguments)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.group = None
    return args


def _store_address(args: argparse.Namespace) -> tuple[str, ServerOptions]:
    """The database URL and how to reach its server, from --db and the settings."""
    from cti_desktop.services.server_options import server_options
    from cti_desktop.settings import load_settings

    settings = load_settings({"database_url": args.db}).settings
    return settings.resolved_database_url(), server_options(settings)


def backups_folder() -> Path | None:
    """The backups folder the settings name (None: beside the database)."""
    from cti_desktop.settings import load_settings

    return load_settings().settings.backups_folder()


def _non_unicode_argument(arguments: Sequence[str]) -> str | None:
    """Names, ids, keys and values given on the command line are stored and shown again: an argument
    that is not valid Unicode (bytes the system could not decode) is refused before anything is done."""
    from cti_desktop.domain.json_input import JsonInputError, check_text

    for position, argument in enumerate(arguments, 1):
        try:
            check_text(
                argument, f"argument {position} ({argument.encode('utf-8', 'backslashreplace').decode()})"
            )
        except JsonInputError as exc:
            return str(exc)
    return None


def _never_fail_on_output() -> None:
    """Text stored before the input limits may hold what the terminal cannot encode: it is printed
    escaped rather than ending the command with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = links_as_options(sys.argv[1:] if argv is None else argv)
    args = app_arguments(arguments)
    parser: argparse.ArgumentParser | None = None
    if args is None:
        parser = build_parser()
        args = parser.parse_args(arguments)
    httpcore_pool.apply()  # the app and every command run flows: their HTTP requests use the lean pool
    if args.self_test:
        from cti_desktop.gui.selftest import run_self_test

        return run_self_test(args)
    if args.group is None:
        from cti_desktop.gui.app import run_app  # Qt is loaded only when the GUI starts

        return run_app(args)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        (parser or build_parser()).parse_args([*(argv or sys.argv[1:]), "--help"])
        return 2
    refused = _non_unicode_argument(arguments)
    if refused is not None:
        print(f"cti-desktop: {refused}", file=sys.stderr)
        return 2
    _never_fail_on_output()
    from cti_desktop.domain.json_input import JsonInputError
    from cti_desktop.services.store_errors import describe_store_error, is_store_error
    from cti_desktop.store.database import open_store
    from cti_desktop.store.errors import StoreError

    engine: Engine | None = None
    try:
        url, options = _store_address(args)
        # The db commands open the database themselves, with these options.
        args.server_options = options
        args.backups_dir = backups_folder()
        if args.group in UNMIGRATED_GROUPS:
            return int(handler(args, url))
        engine = open_store(url, options, backups_dir=args.backups_dir)
        return int(handler(args, engine))
    except (UsageError, JsonInputError) as exc:
        print(f"cti-desktop: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"cti-desktop: {describe_store_error(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not is_store_error(exc):
            raise
        # The database failed mid-command (busy, full, damaged): said in words, nothing half-done.
        print(f"cti-desktop: {describe_store_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if engine is not None:
            engine.dispose()


__all__ = ["COMMAND_GROUPS", "build_parser", "main"]
