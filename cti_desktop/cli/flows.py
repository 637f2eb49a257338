"""`cti-desktop flows import|list|export|validate|run|history|publish|rollback`: CTI Flows from the
command line.

Exit codes: 0 success (a run that completed), 1 a run that did not complete or a flow with errors,
2 bad usage or input (the message on stderr, nothing stored).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from sqlalchemy import Engine

from cti_desktop.cli import versions
from cti_desktop.cli.common import UsageError, print_json, read_json_argument, write_output
from cti_desktop.contacts.model import Agent, Contact, ContactDataError
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.flows.blocks import default_registry
from cti_desktop.flows.document import FlowDocument, FlowDocumentError, Problem, validate
from cti_desktop.flows.results import RunResult
from cti_desktop.services.crm_records import CrmRecords
from cti_desktop.services.flow_import import FlowImportError
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.services.flows import FlowNotFound, FlowService, PublishRefused
from cti_desktop.settings import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("flows", help="import, list, export, validate and run CTI Flows")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)

    imp = commands.add_parser(
        "import", help="import flow files (an existing name is updated, its version bumped)"
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="flow files in the CTI Adapter's export format")
    imp.add_argument("--source", metavar="VALUE", help="the flow's source, e.g. voiceContact or ctiAction")
    imp.add_argument("--event", metavar="NAME", help="the source's event, e.g. onConnecting")
    imp.add_argument(
        "--name", metavar="NAME", help="the flow's name (default: the file's name key, else its stem)"
    )
    imp.add_argument("--activate", action="store_true", help="make the flows active")
    imp.add_argument(
        "--replace-drafts",
        action="store_true",
        help="import over flows that have an unpublished draft (without it, such an import is refused)",
    )
    imp.set_defaults(handler=import_command)

    lst = commands.add_parser("list", help="list the stored flows")
    lst.add_argument("--json", action="store_true", help="print JSON")
    lst.set_defaults(handler=list_command)

    exp = commands.add_parser("export", help="write a stored flow to a file in the CTI Adapter's format")
    exp.add_argument("name", metavar="NAME")
    exp.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write ('-': stdout)")
    exp.set_defaults(handler=export_command)

    val = commands.add_parser("validate", help="check flow files without storing them")
    val.add_argument("files", nargs="+", metavar="FILE")
    val.set_defaults(handler=validate_command)

    run = commands.add_parser("run", help="run a stored flow in the simulator, with the local CRM")
    run.add_argument("name", metavar="NAME")
    run.add_argument("--payload", metavar="JSON", help="$.payload, a JSON object")
    run.add_argument("--contact", metavar="JSON", help='$.contact fields, e.g. \'{"contactId": "c-1"}\'')
    run.add_argument("--agent", metavar="JSON", help='$.agent fields, e.g. \'{"name": "Ann"}\'')
    run.add_argument("--json", action="store_true", help="print the run as one JSON object")
    run.set_defaults(handler=run_command)
    versions.register(
        commands, "flow", history=history_command, publish=publish_command, rollback=rollback_command
    )


def _problem_lines(problems: list[Problem]) -> list[str]:
    return [f"  {problem}" for problem in problems]


def import_command(args: argparse.Namespace, engine: Engine) -> int:
    service = FlowService(engine)
    if not args.replace_drafts:
        _refuse_over_drafts(service, args.files, args.name)
    try:
        imported = service.import_files(
            args.files, name=args.name, source=args.source, event=args.event, activate=args.activate
        )
    except (FlowDocumentError, FlowImportError) as exc:
        raise UsageError(f"nothing was imported: {exc}") from exc
    for flow in imported:
        state = "imported" if flow.created else "updated"
        print(f"{state} '{flow.name}' from {flow.path} (version {flow.version})")
        for line in _problem_lines(flow.problems):
            print(line)
    return 0


def list_command(args: argparse.Namespace, engine: Engine) -> int:
    rows = FlowService(engine).list()
    if args.json:
        print_json(
            [
                {
                    "id": row.id,
                    "name": row.name,
                    "description": row.description,
                    "source": row.source,
                    "event": row.event,
                    "active": row.active,
                    "version": row.version,
                    "blocks": row.block_count,
                    "updated_at": row.updated_at.isoformat(),
                }
                for row in rows
            ]
        )
        return 0
    if not rows:
        print("no flows (import some with: cti-desktop flows import FILE)")
        return 0
    table = [("NAME", "SOURCE", "EVENT", "ACTIVE", "VERSION", "BLOCKS")]
    for row in rows:
        blocks = str(row.block_count)
        active = "yes" if row.active else "no"
        table.append((row.name, row.source or "-", row.event or "-", active, str(row.version), blocks))
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return 0


def export_command(args: argparse.Namespace, engine: Engine) -> int:
    row = FlowService(engine).get(args.name)
    if row is None:
        raise UsageError(f"there is no flow named '{args.name}' (see: cti-desktop flows list)")
    if write_output(row.read_document().to_json(indent=2) + "\n", args.output):
        print(f"exported '{row.name}' (version {row.version}) to {args.output}")
    return 0


def validate_command(args: argparse.Namespace, engine: Engine) -> int:
    registry = default_registry()
    unreadable = False
    invalid = False
    for name in args.files:
        try:
            document = FlowDocument.from_file(name)
        except FlowDocumentError as exc:
            print(f"cti-desktop: {exc}", file=sys.stderr)
            unreadable = True
            continue
        problems = validate(document, registry)
        invalid = invalid or any(problem.severity == "error" for problem in problems)
        if not problems:
            print(f"{name}: ok ({len(document.actions)} blocks)")
            continue
        errors = sum(problem.severity == "error" for problem in problems)
        print(f"{name}: {errors} error(s), {len(problems) - errors} warning(s)")
        for line in _problem_lines(problems):
            print(line)
    return 2 if unreadable else 1 if invalid else 0


def _object_argument(text: str | None, what: str) -> dict[str, Any] | None:
    if text is None:
        return None
    value = read_json_argument(text, what)
    if not isinstance(value, dict):
        raise UsageError(f'{what} must be a JSON object, e.g. \'{{"key": "value"}}\'')
    return value


def run_command(args: argparse.Namespace, engine: Engine) -> int:
    payload = _object_argument(args.payload, "--payload") or {}
    contact_data = _object_argument(args.contact, "--contact")
    agent_data = _object_argument(args.agent, "--agent")
    settings = load_settings().settings
    country = settings.default_country
    try:
        agent = Agent.from_dict(agent_data) if agent_data is not None else Agent()
        simulator = Simulator(agent=agent, default_country=country)
        contact = (
            simulator.add_contact(Contact.from_dict(contact_data, default_country=country))
            if contact_data is not None
            else None
        )
    except ContactDataError as exc:
        raise UsageError(str(exc)) from exc
    row = FlowService(engine).get(args.name)
    if row is None:
        raise UsageError(f"there is no flow named '{args.name}' (see: cti-desktop flows list)")
    runner = FlowRunner(
        engine,
        crm=CrmRecords(engine, default_country=country),
        telephony=simulator,
        time_limit_s=settings.run_time_limit_s,
        step_budget=settings.run_step_budget,
        value_limit_mb=settings.run_value_limit_mb,
        http_allowed_hosts=settings.http_allowed_hosts,
    )
    try:
        result = asyncio.run(runner.run(row.id, payload=payload, contact=contact, agent=agent))
    finally:
        runner.close()
    if args.json:
        print_json(result.to_json_dict())
    else:
        _print_run(result)
    return 0 if result.completed else 1


def _print_run(result: RunResult) -> None:
    print(f"flow '{result.flow}' {result.status} in {result.duration_ms:.2f} ms (run {result.run_id})")
    for step in result.steps:
        mark = "ok " if step.success else "ERR"
        detail = f" {step.exception}" if step.exception else ""
        print(f"  {mark} {step.id:<12} {step.type:<32} {step.outcome or '-':<8}{detail}")
    for pair in result.overlay_data:
        print(f"  overlay: {pair['key']} = {pair['value']}")
    for pop in result.screenpops:
        target = (
            pop.get("recordId")
            or pop.get("url")
            or pop.get("entityName")
            or f"{len(pop.get('records') or [])} records"
        )
        print(f"  screen pop ({pop.get('kind')}): {target}")
    for warning in result.warnings:
        print(f"  warning: {warning}")
    if result.error:
        print(f"  error: {result.error}")


def _refuse_over_drafts(service: FlowService, files: list[str], name: str | None) -> None:
    """An import replaces what is saved: refuse it (exit 2) where a supervisor's draft would be lost."""
    publication = service.publication()
    for path in files:
        try:
            flow_name = service.import_name(path, name)
        except (FlowDocumentError, FlowImportError):
            continue  # the import itself says what is wrong with the file
        stored = service.get(flow_name)
        if stored is None:
            continue
        published, newest = publication.get(stored.id, (0, 0))
        if newest > published:
            draft = versions.describe_draft(flow_name, service.history(flow_name))
            advice = "publish or roll it back first, or import with --replace-drafts"
            raise UsageError(f"nothing was imported: {draft}; {advice}")


def history_command(args: argparse.Namespace, engine: Engine) -> int:
    try:
        found = FlowService(engine).history(args.name)
    except FlowNotFound:
        raise UsageError(f"there is no flow named '{args.name}' (see: cti-desktop flows list)") from None
    versions.print_history(found, args.json)
    return 0


def publish_command(args: argparse.Namespace, engine: Engine) -> int:
    service = FlowService(engine)
    try:
        versions.check_expected(args.name, service.history(args.name), args.expected)
        flow = service.publish(args.name, args.note)
    except FlowNotFound:
        raise UsageError(f"there is no flow named '{args.name}' (see: cti-desktop flows list)") from None
    except PublishRefused as exc:
        raise UsageError(str(exc)) from None
    print(f"published '{flow.name}' (version {flow.published_version})")
    return 0


def rollback_command(args: argparse.Namespace, engine: Engine) -> int:
    try:
        flow = FlowService(engine).rollback(args.name, args.to_version, args.note)
    except FlowNotFound:
        raise UsageError(f"there is no flow named '{args.name}' (see: cti-desktop flows list)") from None
    except PublishRefused as exc:
        raise UsageError(str(exc)) from None
    back = f"back to version {args.to_version}"
    print(f"rolled '{flow.name}' {back} (published as version {flow.published_version})")
    return 0
