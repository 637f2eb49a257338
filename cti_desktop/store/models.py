"""The tables of the store. Their shape is fixed by the Alembic migrations in `migrations/versions`;
change both together (a new revision, never an edit of an old one)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    # Aware: SQLModel refuses naive datetimes.
    return datetime.now(UTC)


class FlowRow(SQLModel, table=True):
    __tablename__ = "flow"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    description: str = ""
    source: str = ""
    event: str = ""
    active: bool = False
    document: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Goes up with every write of the row (what the flow runner's compiled copy is keyed on).
    version: int = 1
    # The saved version (`ItemVersionRow.number`) this row holds, which agents run; 0: never published.
    published_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class FlowSourceRow(SQLModel, table=True):
    """The flow-source picklist: the labels people see for each source API value."""

    __tablename__ = "flow_source"

    id: int | None = Field(default=None, primary_key=True)
    api_value: str = Field(index=True, unique=True)
    label: str
    active: bool = True
    sort_order: int = 0


class CtiActionRow(SQLModel, table=True):
    __tablename__ = "cti_action"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    # Null when the flow was deleted: the action then shows as broken.
    flow_id: int | None = Field(default=None, foreign_key="flow.id", nullable=True)
    sort_order: int = 0
    active: bool = True
    shortcut: str = ""
    # A list of {"key": ..., "value": ...}, in the order the supervisor set.
    payload: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    title: str = ""
    instructions: str = ""
    # {"fields": [...]} as in the import/export format.
    form: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # The saved version this row holds, which agents' overlays show; 0: never published.
    published_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ItemVersionRow(SQLModel, table=True):
    """One saved version of an action or a flow (`store.versions`): drafts, the published one and those
    it superseded. `content` is what was saved, in the shape of the audit log's entries."""

    __tablename__ = "item_version"
    __table_args__ = (UniqueConstraint("kind", "item_id", "number", name="uq_item_version_number"),)

    id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    kind: str  # action or flow
    item_id: int
    number: int
    author: str = ""
    host: str = ""
    saved_at: datetime = Field(default_factory=utcnow)
    note: str = ""
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class PropertyRow(SQLModel, table=True):
    """Stored properties (Set Property): they persist across runs and restarts."""

    __tablename__ = "property"

    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow)


class FlowRunRow(SQLModel, table=True):
    __tablename__ = "flow_run"

    id: int | None = Field(default=None, primary_key=True)
    flow_id: int | None = Field(default=None, index=True)
    flow_name: str = ""
    trigger_kind: str = "manual"  # action, event or manual
    trigger_detail: str = ""  # the action's name or the event, e.g. "voiceContact.onConnecting"
    contact_id: str = Field(default="", index=True)
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = "running"  # running, completed, failed, timed_out, cancelled
    error: str = ""
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    overlay_data: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    screenpops: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The run's own log (SE_Log lines) and the messages it showed the agent (SE_ShowModal).
    log: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    modals: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(default_factory=utcnow, index=True)
    duration_ms: float = 0.0
    # Given by a seat that recorded the run while the server was away: sending it again is a no-op.
    uid: str | None = Field(default=None, index=True, unique=True)
    # The login that recorded the run (PostgreSQL sets it, and lets agents see only their own; "" on SQLite).
    created_by: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))


class FlowRunStepRow(SQLModel, table=True):
    __tablename__ = "flow_run_step"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="flow_run.id", index=True)
    seq: int = 0
    block_id: str = ""
    block_type: str = ""
    outcome: str = ""
    success: bool = True
    results: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    exception: str = ""
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    duration_ms: float = 0.0


class CrmRecordRow(SQLModel, table=True):
    """A record of the local CRM. `id` is the record's Id, with a prefix telling its type."""

    __tablename__ = "crm_record"
    # Listing a type newest first stays an index walk at 100,000 records.
    __table_args__ = (Index("ix_crm_record_type_created", "type", "created_at", "id"),)

    id: str = Field(primary_key=True)
    type: str = Field(index=True)
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CrmPhoneRow(SQLModel, table=True):
    """The phone index of the local CRM: one row per phone value of a record, normalised to E.164."""

    __tablename__ = "crm_phone"
    __table_args__ = (Index("ix_crm_phone_e164", "e164"),)

    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(foreign_key="crm_record.id", index=True)
    field_name: str = ""
    e164: str = ""


class FormDraftRow(SQLModel, table=True):
    """What an agent has typed into an action's form, kept until it is submitted or discarded."""

    __tablename__ = "form_draft"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(index=True)
    contact_id: str = ""
    values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
    # The login that typed it (PostgreSQL sets it, and shows each agent only their own; "" on SQLite).
    created_by: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))


class PersonRow(SQLModel, table=True):
    """When each person was added (`cti-desktop users add`). Who they are and their role are the
    database's own logins and group roles (`store.roles`); the table stays empty on SQLite."""

    __tablename__ = "person"

    name: str = Field(primary_key=True)
    created_at: datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))


class ChangeRow(SQLModel, table=True):
    """One changed action, flow, flow source or property, written in the transaction that changed it:
    the log other seats (and other processes on this PC) follow by id (`store.change_log`)."""

    __tablename__ = "change"

    id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    kind: str
    # The action or flow id, or the property key ("" for every row of the kind).
    row_id: str = ""
    version: int | None = None
    removed: bool = False
    # Who changed it (the database login on PostgreSQL, the OS user on SQLite), from which host, and
    # which running process (so a seat skips the changes it made itself).
    author: str = ""
    host: str = ""
    origin: str = ""
    at: datetime = Field(default_factory=utcnow)


class AuditEntryRow(SQLModel, table=True):
    """Who changed what and when, with the item before and after (`store.audit`). Entries can be added,
    never changed or deleted: the migration's trigger refuses it."""

    __tablename__ = "audit_entry"
    # Entered without reading back: an agent may add entries (in its own name), not read the log.
    __table_args__ = {"implicit_returning": False}

    id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    at: datetime = Field(default_factory=utcnow, index=True)
    author: str = Field(default="", index=True)
    host: str = ""
    kind: str = Field(default="", index=True)
    row_id: str = ""
    # The item's name when the entry was written (an action's or a flow's name, a property's key).
    name: str = ""
    operation: str = ""  # created, changed or deleted
    before: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
