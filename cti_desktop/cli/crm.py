"""`cti-desktop crm import|list|get`: the local CRM's records.

With --json a record is `{"Id": ..., "type": ..., "fields": {...}}` and `list` prints a JSON list of them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from cti_desktop.cli.common import UsageError, print_json
from cti_desktop.crm.base import CrmError, CrmRecord
from cti_desktop.crm.importing import read_records_file
from cti_desktop.settings import load_settings
from cti_desktop.store.crm import LocalCrm


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("crm", help="import, list or show records of the local CRM")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    do_import = commands.add_parser(
        "import",
        help='import records: a JSON list of {"type", "fields"} or a CSV file with --type (all or nothing)',
    )
    do_import.add_argument(
        "file", metavar="FILE", help="a .json file, or a .csv file whose header names the fields"
    )
    do_import.add_argument("--type", metavar="TYPE", help="the type of a CSV file's records, e.g. Contact")
    do_import.set_defaults(handler=import_command)
    listing = commands.add_parser("list", help="list the records of a type, the newest first")
    listing.add_argument("type", metavar="TYPE", help="e.g. Contact, Lead, Account, Case, Task")
    listing.add_argument("--limit", type=int, default=1000, help="at most this many records (default: 1000)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=list_command)
    get = commands.add_parser("get", help="show one record")
    get.add_argument("id", metavar="ID", help="the record's Id")
    get.add_argument("--json", action="store_true", help="print JSON instead of text")
    get.set_defaults(handler=get_command)


def _crm(engine: Engine) -> LocalCrm:
    return LocalCrm(engine, default_country=load_settings().settings.default_country)


def import_command(args: argparse.Namespace, engine: Engine) -> int:
    path = Path(args.file)
    try:
        records = read_records_file(path, args.type)
        if not records:
            raise UsageError(f"{path} holds no records; nothing was imported")
        stored = _crm(engine).bulk_insert(records)
    except CrmError as exc:
        raise UsageError(f"nothing was imported: {exc}") from exc
    counts: dict[str, int] = {}
    for record in stored:
        counts[record.type] = counts.get(record.type, 0) + 1
    summary = ", ".join(f"{count} {record_type}" for record_type, count in sorted(counts.items()))
    print(f"imported {len(stored)} record(s) from {path}: {summary}")
    return 0


def list_command(args: argparse.Namespace, engine: Engine) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    records = _crm(engine).list_by_type(args.type, limit=args.limit)
    if args.json:
        print_json([record.to_dict() for record in records])
        return 0
    if not records:
        print(f"no {args.type} records")
        return 0
    width = max(len(record.Id) for record in records)
    for record in records:
        print(f"{record.Id:<{width}}  {_label(record)}")
    return 0


def get_command(args: argparse.Namespace, engine: Engine) -> int:
    record = _crm(engine).get(args.id)
    if record is None:
        raise UsageError(f"there is no record with Id {args.id} (see: cti-desktop crm list TYPE)")
    if args.json:
        print_json(record.to_dict())
        return 0
    print(f"{record.type} {record.Id}")
    width = max((len(name) for name in record.fields), default=0)
    for name, value in record.fields.items():
        print(f"  {name:<{width}}  {_text(value)}")
    return 0


def _label(record: CrmRecord) -> str:
    """A one-line description: the record's name, or the first text fields it has."""
    for name in ("Name", "Subject", "CaseNumber"):
        if record.fields.get(name):
            return _text(record.fields[name])
    first = [_text(value) for value in record.fields.values() if isinstance(value, str) and value][:3]
    return " · ".join(first) or "(no fields)"


def _text(value: Any) -> str:
    return "" if value is None else str(value)
