"""`cti-desktop actions import|export|list|history|publish|rollback`: CTI actions and their forms as
JSON, and their versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Engine

from cti_desktop.cli import versions
from cti_desktop.cli.common import UsageError, print_json, write_output
from cti_desktop.domain.actions import CtiAction
from cti_desktop.services.actions import ActionInvalid, ActionService


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("actions", help="import, export or list CTI actions")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    do_import = commands.add_parser(
        "import",
        help="import actions from a JSON file: all or nothing; an action whose name exists is updated",
    )
    do_import.add_argument("file", metavar="FILE", help="the JSON file ('-' reads standard input)")
    do_import.add_argument(
        "--replace-drafts",
        action="store_true",
        help="import over actions that have an unpublished draft (without it, such an import is refused)",
    )
    do_import.set_defaults(handler=import_command)
    export = commands.add_parser("export", help="write every action with its form as JSON")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(handler=export_command)
    listing = commands.add_parser("list", help="list the actions in overlay order")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=list_command)
    versions.register(
        commands, "action", history=history_command, publish=publish_command, rollback=rollback_command
    )


def import_command(args: argparse.Namespace, engine: Engine) -> int:
    text = _read(args.file)
    service = ActionService(engine)
    if not args.replace_drafts:
        _refuse_over_drafts(service, text)
    problems = service.import_json(text)
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


def _refuse_over_drafts(service: ActionService, text: str) -> None:
    """An import replaces what is saved: refuse it (exit 2) where a supervisor's draft would be lost."""
    names = service.names_in_import(text)
    publication = service.publication()
    for action in service.list_actions():
        if action.id is None or action.name.strip().casefold() not in names:
            continue
        published, newest = publication.get(action.id, (0, 0))
        if newest > published:
            draft = versions.describe_draft(action.name, service.history(action.id))
            advice = "publish or roll it back first, or import with --replace-drafts"
            raise UsageError(f"nothing was imported: {draft}; {advice}")


def _action_named(service: ActionService, name: str) -> CtiAction:
    action = service.find(name)
    if action is None or action.id is None:
        raise UsageError(f"there is no action named '{name}' (see: cti-desktop actions list)")
    return action


def _refused(error: ActionInvalid) -> UsageError:
    return UsageError("; ".join(problem.message for problem in error.problems))


def history_command(args: argparse.Namespace, engine: Engine) -> int:
    service = ActionService(engine)
    action = _action_named(service, args.name)
    versions.print_history(service.history(action.id or 0), args.json)
    return 0


def publish_command(args: argparse.Namespace, engine: Engine) -> int:
    service = ActionService(engine)
    action = _action_named(service, args.name)
    versions.check_expected(action.name, service.history(action.id or 0), args.expected)
    try:
        service.publish(action.id or 0, args.note)
    except ActionInvalid as exc:
        raise _refused(exc) from None
    published, _ = service.publication().get(action.id or 0, (0, 0))
    print(f"published '{action.name}' (version {published})")
    return 0


def rollback_command(args: argparse.Namespace, engine: Engine) -> int:
    service = ActionService(engine)
    action = _action_named(service, args.name)
    try:
        service.rollback(action.id or 0, args.to_version, args.note)
    except ActionInvalid as exc:
        raise _refused(exc) from None
    published, _ = service.publication().get(action.id or 0, (0, 0))
    print(f"rolled '{action.name}' back to version {args.to_version} (published as version {published})")
    return 0
