"""People and roles: who is connected and what their role lets them do, for the command line and the
windows. On PostgreSQL each person has a login in one of the database's groups (agent, supervisor,
admin), and the database itself refuses what a role may not do (`store.roles`); here the app only says
so ahead of time. On SQLite there is one person per PC, and they are its admin."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Engine

from cti_desktop.store import roles

ROLES: Final = roles.ROLES
# What each role may do beyond the one below, in the words the windows use.
MAY_EDIT_ACTIONS_AND_FLOWS: Final = frozenset({"supervisor", "admin"})
NEEDS_POSTGRESQL: Final = (
    "People and roles need a shared PostgreSQL database: on one PC (SQLite) its only user is its admin."
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str  # agent, supervisor, admin, or "none" (a login in no group of this database)

    @property
    def may_edit_actions_and_flows(self) -> bool:
        return self.role in MAY_EDIT_ACTIONS_AND_FLOWS

    def editing_refusal(self) -> str | None:
        """Why this person may not change actions and flows, in words (None: they may)."""
        if self.may_edit_actions_and_flows:
            return None
        return f"{self.name} is {_article(self.role)}: changing CTI actions and flows is for supervisors"


@dataclass(frozen=True, slots=True)
class PersonEntry:
    name: str
    role: str
    created_at: datetime | None


class PeopleRefused(ValueError):
    """A people command that cannot be done (unknown person, role, a name already taken), in words."""


class PeopleNeedServer(PeopleRefused):
    """People and roles exist only on PostgreSQL."""


def _article(role: str) -> str:
    if role == "none":
        return "in no role"
    return f"an {role}" if role[:1] in "aeiou" else f"a {role}"


def local_person() -> Person:
    """One PC (SQLite): its user is its admin."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        name = "admin"
    return Person(name, "admin")


def on_server(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def whoami(engine: Engine) -> Person:
    """The connected person and their role; on SQLite the PC's user, as its admin."""
    if not on_server(engine):
        return local_person()
    name, role = roles.current_person(engine)
    return Person(name, role)


class PeopleService:
    """Adding people, changing their role and removing them (admins only: the database refuses others)."""

    def __init__(self, engine: Engine) -> None:
        if not on_server(engine):
            raise PeopleNeedServer(NEEDS_POSTGRESQL)
        self._engine = engine

    def list(self) -> list[PersonEntry]:
        return [PersonEntry(p.name, p.role, p.created_at) for p in roles.people(self._engine)]

    def add(self, name: str, role: str, password: str | None = None) -> PersonEntry:
        _check_role(role)
        _check_name(name)
        if any(p.name == name for p in roles.people(self._engine)):
            raise PeopleRefused(f"{name} is already a person of this database: use 'users set-role'.")
        roles.add_person(self._engine, name, role, password)
        return next(p for p in self.list() if p.name == name)

    def set_role(self, name: str, role: str) -> PersonEntry:
        _check_role(role)
        self._known(name)
        roles.set_person_role(self._engine, name, role)
        return next(p for p in self.list() if p.name == name)

    def remove(self, name: str) -> bool:
        """True when their login was dropped too (it belonged to no other database)."""
        self._known(name)
        return roles.remove_person(self._engine, name)

    def _known(self, name: str) -> None:
        if not any(p.name == name for p in roles.people(self._engine)):
            raise PeopleRefused(f"{name} is not a person of this database ('users list' shows who is).")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise PeopleRefused(f"The role must be agent, supervisor or admin, not {role!r}.")


def _check_name(name: str) -> None:
    if not name.strip() or name != name.strip():
        raise PeopleRefused("A person's name must not be empty, nor start or end with spaces.")
    if len(name.encode()) > 63:
        raise PeopleRefused(f"The name {name!r} is too long: a database login has at most 63 bytes.")
    if name.lower().startswith("pg_"):
        raise PeopleRefused(f"The name {name!r} is reserved by PostgreSQL (it starts with pg_).")


__all__ = [
    "NEEDS_POSTGRESQL",
    "ROLES",
    "PeopleNeedServer",
    "PeopleRefused",
    "PeopleService",
    "Person",
    "PersonEntry",
    "local_person",
    "whoami",
]
