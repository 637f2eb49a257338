"""Add the change log other seats follow, an id for runs queued offline, and PostgreSQL's text search
of the local CRM.

- `change`: one row per changed action, flow, flow source or property, written in the transaction of the
  change itself; seats read the rows after the last id they applied (PostgreSQL also wakes them with
  NOTIFY).
- `flow_run.uid`: the id a seat gives a run it records while the server is away, so that sending the
  queue again after a lost acknowledgement does not record the run twice.
- On PostgreSQL, `crm_search`: each record's text with a generated `tsvector` under a GIN index.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change",
        # SQLite gives an INTEGER PRIMARY KEY its rowid (ever growing); elsewhere a 64-bit identity.
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("row_id", sa.String(), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("author", sa.String(), nullable=False, server_default=""),
        sa.Column("host", sa.String(), nullable=False, server_default=""),
        sa.Column("origin", sa.String(), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("flow_run") as batch:
        batch.add_column(sa.Column("uid", sa.String(), nullable=True))
    op.create_index("ix_flow_run_uid", "flow_run", ["uid"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE crm_search ("
            " record_id varchar PRIMARY KEY REFERENCES crm_record (id) ON DELETE CASCADE,"
            " type varchar NOT NULL,"
            " content text NOT NULL,"
            " document tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED)"
        )
        op.execute("CREATE INDEX ix_crm_search_document ON crm_search USING gin (document)")
        op.execute("CREATE INDEX ix_crm_search_type ON crm_search (type)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS crm_search")
    op.drop_index("ix_flow_run_uid", "flow_run")
    with op.batch_alter_table("flow_run") as batch:
        batch.drop_column("uid")
    op.drop_table("change")
