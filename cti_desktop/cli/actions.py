"""`cti-desktop actions import|export|list`: CTI actions and their forms as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Engine

from cti_desktop.cli.common import UsageError, print_json, write_output
from cti_desktop.services.actions import ActionService


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("actions", help="import, export or list CTI actions")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    do_import = commands.add_parser(
        "import",
        help="import actions from a JSON file: all or nothing; an action whose name exists is updated",
    )
    do_import.add_argument("file", metavar="FILE", help="the JSON file ('-' reads standard input)")
    do_import.set_defaults(handler=import_command)
    export = commands.add_parser("export", help="write every action with its form as JSON")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(handler=export_command)
    listing = commands.add_parser("list", help="list the actions in overlay order")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=list_command)


def import_command(args: argparse.Namespace, engine: Engine) -> int:
    text = _read(args.file)
    problems = ActionService(engine).import_json(text)
    if problems:
        print(f"cti-desktop: nothing was imported; {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(f"imported {args.file}")
    return 0


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not a UTF-8 text file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot be read ({exc.strerror})") from None


def export_command(args: argparse.Namespace, engine: Engine) -> int:
    if write_output(ActionService(engine).export_json(), args.output):
        print(f"exported to {args.output}")
    return 0


def list_command(args: argparse.Namespace, engine: Engine) -> int:
    actions = ActionService(engine).list_actions()
    if args.json:
        print_json(
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "flow": a.flow_name or None,
                    "order": a.order,
                    "active": a.active,
                    "shortcut": a.shortcut,
                    "fields": len(a.form.fields),
                    "hasForm": a.has_form,
                    "broken": a.broken or None,
                }
                for a in actions
            ]
        )
        return 0
    if not actions:
        print("no CTI actions")
        return 0
    width = max(len(a.name) for a in actions)
    flow_width = max(len(a.flow_name or "-") for a in actions)
    for a in actions:
        status = "active" if a.active else "inactive"
        notes = [f"{len(a.form.fields)} field(s)" if a.has_form else "no form"]
        if a.shortcut:
            notes.append(a.shortcut)
        if a.broken:
            notes.append(f"BROKEN: {a.broken}")
        flow = a.flow_name or "-"
        print(f"{a.order:>3}  {a.name:<{width}}  {flow:<{flow_width}}  {status:<8}  {', '.join(notes)}")
    return 0
