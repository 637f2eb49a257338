"""`cti-desktop properties list|set|unset`: the stored properties flows read and write."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import Engine

from cti_desktop.cli.common import UsageError, print_json
from cti_desktop.domain import json_input
from cti_desktop.services.properties import PropertyKeyInvalid, PropertyService, PropertyValueInvalid


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("properties", help="list, set and unset the stored flow properties")
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    lst = commands.add_parser("list", help="list the properties")
    lst.add_argument("--json", action="store_true", help="print one JSON object")
    lst.set_defaults(handler=list_command)
    put = commands.add_parser(
        "set",
        help="set a property",
        description='VALUE is read as JSON when it is valid JSON (5, true, [1, 2], {"a": 1}, "text"), '
        "otherwise as text; --text always reads it as text.",
    )
    put.add_argument("key", metavar="KEY")
    put.add_argument("value", metavar="VALUE")
    put.add_argument("--text", action="store_true", help="store VALUE as text even if it looks like JSON")
    put.set_defaults(handler=set_command)
    unset = commands.add_parser("unset", help="remove a property")
    unset.add_argument("key", metavar="KEY")
    unset.set_defaults(handler=unset_command)


def parse_value(text: str, as_text: bool = False) -> Any:
    """Standard JSON as its value, any other text as text (`NaN` too: it is not standard JSON). Valid
    JSON beyond the input limits (nested too deeply, a number too large such as 1e400) is refused with
    UsageError, not stored as text."""
    if as_text:
        return text
    try:
        value = json.loads(text, parse_constant=_not_standard)
    except (json.JSONDecodeError, _NotStandard):
        return text
    except RecursionError:
        raise UsageError(f"VALUE is nested too deeply (at most {json_input.MAX_DEPTH} levels)") from None
    found = json_input.problem(value)
    if found is not None:
        raise UsageError(f"VALUE is refused: {found} (--text stores it as text)")
    return value


class _NotStandard(ValueError):
    pass


def _not_standard(name: str) -> Any:
    raise _NotStandard(name)


def list_command(args: argparse.Namespace, engine: Engine) -> int:
    values = PropertyService(engine).all()
    if args.json:
        print_json(values)
        return 0
    if not values:
        print("no properties")
    for key, value in sorted(values.items()):
        print(f"{key} = {json_input.dumps(value)}")
    return 0


def set_command(args: argparse.Namespace, engine: Engine) -> int:
    value = parse_value(args.value, args.text)
    try:
        PropertyService(engine).set(args.key, value)
    except (PropertyKeyInvalid, PropertyValueInvalid) as exc:
        raise UsageError(str(exc)) from exc
    print(f"{args.key} = {json_input.dumps(value)}")
    return 0


def unset_command(args: argparse.Namespace, engine: Engine) -> int:
    try:
        removed = PropertyService(engine).unset(args.key)
    except PropertyKeyInvalid as exc:
        raise UsageError(str(exc)) from exc
    if not removed:
        print(f"property '{args.key}' was not set", file=sys.stderr)
        return 0
    print(f"removed {args.key}")
    return 0
