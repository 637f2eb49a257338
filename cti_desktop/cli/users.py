"""`cti-desktop users add|list|set-role|remove` and `cti-desktop whoami`: the people of a shared
PostgreSQL database and their roles. Only admins may manage people: the database refuses anyone else,
and the refusal is said in words. On SQLite (one PC) there are no people to manage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import Engine

from cti_desktop.cli.common import UsageError, print_json
from cti_desktop.services.people import (
    NEEDS_POSTGRESQL,
    ROLES,
    PeopleRefused,
    PeopleService,
    PersonEntry,
    local_person,
    whoami,
)
from cti_desktop.store.database import is_postgresql, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "users", help="add, list, re-role and remove the people of a shared database (admins only)"
    )
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    add = commands.add_parser(
        "add",
        help="add a person: a database login in the agent, supervisor or admin group",
        description="An existing login (a person of another database on the same server) joins this one.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--password-stdin", action="store_true", help="read the login's password from the first line of stdin"
    )
    add.set_defaults(handler=add_command)
    lst = commands.add_parser("list", help="list the people and their roles")
    lst.add_argument("--json", action="store_true", help='print [{"name", "role", "created_at"}]')
    lst.set_defaults(handler=list_command)
    set_role = commands.add_parser("set-role", help="give a person another role")
    set_role.add_argument("name", metavar="NAME")
    set_role.add_argument("role", metavar="ROLE", choices=ROLES)
    set_role.set_defaults(handler=set_role_command)
    remove = commands.add_parser("remove", help="take a person out of this database (their login too)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=remove_command)

    who = subparsers.add_parser("whoami", help="the person connected and their role")
    who.add_argument("--json", action="store_true", help='print {"name", "role"}')
    who.set_defaults(handler=whoami_command)


def _on_server(args: argparse.Namespace, url: str, work: Callable[[Engine], int]) -> int:
    """Run `work` on the shared database; on SQLite say that people need one (exit 2)."""
    if not is_postgresql(url):
        raise UsageError(NEEDS_POSTGRESQL)
    engine = open_store(url, args.server_options, backups_dir=args.backups_dir)
    try:
        return work(engine)
    except PeopleRefused as exc:
        raise UsageError(str(exc)) from exc
    finally:
        engine.dispose()


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError("--password-stdin read no password: give it on the first line of stdin")
    return password


def _as_json(entry: PersonEntry) -> dict[str, str | None]:
    added = entry.created_at.isoformat() if entry.created_at is not None else None
    return {"name": entry.name, "role": entry.role, "created_at": added}


def add_command(args: argparse.Namespace, url: str) -> int:
    password = _password(args)

    def work(engine: Engine) -> int:
        entry = PeopleService(engine).add(args.name, args.role, password)
        print(f"added {entry.name} as {entry.role}")
        return 0

    return _on_server(args, url, work)


def list_command(args: argparse.Namespace, url: str) -> int:
    def work(engine: Engine) -> int:
        people = PeopleService(engine).list()
        if args.json:
            print_json([_as_json(p) for p in people])
            return 0
        if not people:
            print("no people yet: add them with 'cti-desktop users add NAME --role agent'")
        width = max((len(p.name) for p in people), default=0)
        for person in people:
            added = person.created_at.strftime("%Y-%m-%d %H:%M") if person.created_at else "-"
            print(f"{person.name:<{width}}  {person.role:<10}  {added}")
        return 0

    return _on_server(args, url, work)


def set_role_command(args: argparse.Namespace, url: str) -> int:
    def work(engine: Engine) -> int:
        entry = PeopleService(engine).set_role(args.name, args.role)
        print(f"{entry.name} is now {entry.role}")
        return 0

    return _on_server(args, url, work)


def remove_command(args: argparse.Namespace, url: str) -> int:
    def work(engine: Engine) -> int:
        dropped = PeopleService(engine).remove(args.name)
        kept = "" if dropped else " (their login stays: another database has it, or it is in use)"
        print(f"removed {args.name}{kept}")
        return 0

    return _on_server(args, url, work)


def whoami_command(args: argparse.Namespace, url: str) -> int:
    if is_postgresql(url):
        engine = open_store(url, args.server_options, backups_dir=args.backups_dir)
        try:
            person = whoami(engine)
        finally:
            engine.dispose()
        where = ""
    else:
        # One PC: no database to ask (nor to create).
        person = local_person()
        where = " (one PC: SQLite)"
    if args.json:
        print_json({"name": person.name, "role": person.role})
    else:
        print(f"{person.name}: {person.role}{where}")
    return 0
