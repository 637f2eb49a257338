"""Add versions of actions and flows, with draft and publish.

- `item_version`: every save of an action or a flow, numbered per item from 1, with its author, time,
  note and what was saved.
- `cti_action.published_version`, `flow.published_version`: the version agents' overlays and event flows
  use (0: never published, seen by supervisors only). The item's own row holds that version's content.
- What is stored today becomes version 1 of each item, published.
- On PostgreSQL, agents read only published actions and flows (row-level security), and no versions.

Revision ID: 0007
Revises: 0006
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from cti_desktop.store import roles

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACTION_CONTENT = (
    "name",
    "flow_id",
    "sort_order",
    "active",
    "shortcut",
    "payload",
    "title",
    "instructions",
    "form",
)
JSON_COLUMNS = frozenset({"payload", "form", "document"})
FLOW_CONTENT = ("name", "description", "source", "event", "active", "document")


def upgrade() -> None:
    op.create_table(
        "item_version",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(), nullable=False, server_default=""),
        sa.Column("host", sa.String(), nullable=False, server_default=""),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(), nullable=False, server_default=""),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.UniqueConstraint("kind", "item_id", "number", name="uq_item_version_number"),
    )
    for table in ("cti_action", "flow"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("published_version", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    versions = sa.table(
        "item_version",
        sa.column("kind"),
        sa.column("item_id"),
        sa.column("number"),
        sa.column("saved_at"),
        sa.column("note"),
        sa.column("content", sa.JSON()),
    )
    now = datetime.now(UTC)
    for kind, table, columns in (("action", "cti_action", ACTION_CONTENT), ("flow", "flow", FLOW_CONTENT)):
        source = sa.table(
            table, sa.column("id"), *(sa.column(c, sa.JSON() if c in JSON_COLUMNS else None) for c in columns)
        )
        rows = bind.execute(sa.select(source)).mappings().all()
        if rows:
            bind.execute(
                sa.insert(versions),
                [
                    {
                        "kind": kind,
                        "item_id": row["id"],
                        "number": 1,
                        "saved_at": now,
                        "note": "as stored before versions",
                        "content": {("order" if c == "sort_order" else c): row[c] for c in columns},
                    }
                    for row in rows
                ],
            )
        bind.execute(sa.update(sa.table(table, sa.column("published_version"))).values(published_version=1))
    if bind.dialect.name == "postgresql":
        roles.apply_grants(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("cti_action", "flow"):
            op.execute(f"DROP POLICY IF EXISTS agent_reads_published ON {table}")
            op.execute(f"DROP POLICY IF EXISTS supervisor_edits ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in ("cti_action", "flow"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("published_version")
    op.drop_table("item_version")
