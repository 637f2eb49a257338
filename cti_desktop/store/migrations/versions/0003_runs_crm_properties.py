"""Add stored properties, flow run records, the local CRM (with its phone index and text search) and
form drafts.

Revision ID: 0003
Revises: 0002
"""

import contextlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "property",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "flow_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("flow_id", sa.Integer(), nullable=True),
        sa.Column("flow_name", sa.String(), nullable=False, server_default=""),
        sa.Column("trigger_kind", sa.String(), nullable=False, server_default="manual"),
        sa.Column("trigger_detail", sa.String(), nullable=False, server_default=""),
        sa.Column("contact_id", sa.String(), nullable=False, server_default=""),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False, server_default="running"),
        sa.Column("error", sa.String(), nullable=False, server_default=""),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("overlay_data", sa.JSON(), nullable=False),
        sa.Column("screenpops", sa.JSON(), nullable=False),
        sa.Column("log", sa.JSON(), nullable=False),
        sa.Column("modals", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False, server_default="0"),
    )
    op.create_index("ix_flow_run_flow_id", "flow_run", ["flow_id"])
    op.create_index("ix_flow_run_contact_id", "flow_run", ["contact_id"])
    op.create_index("ix_flow_run_started_at", "flow_run", ["started_at"])
    op.create_table(
        "flow_run_step",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("flow_run.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("block_id", sa.String(), nullable=False, server_default=""),
        sa.Column("block_type", sa.String(), nullable=False, server_default=""),
        sa.Column("outcome", sa.String(), nullable=False, server_default=""),
        sa.Column("success", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.Column("exception", sa.String(), nullable=False, server_default=""),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False, server_default="0"),
    )
    op.create_index("ix_flow_run_step_run_id", "flow_run_step", ["run_id"])
    op.create_table(
        "crm_record",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_crm_record_type", "crm_record", ["type"])
    op.create_index("ix_crm_record_type_created", "crm_record", ["type", "created_at", "id"])
    op.create_table(
        "crm_phone",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.String(), sa.ForeignKey("crm_record.id"), nullable=False),
        sa.Column("field_name", sa.String(), nullable=False, server_default=""),
        sa.Column("e164", sa.String(), nullable=False, server_default=""),
    )
    op.create_index("ix_crm_phone_record_id", "crm_phone", ["record_id"])
    op.create_index("ix_crm_phone_e164", "crm_phone", ["e164"])
    op.create_table(
        "form_draft",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.String(), nullable=False, server_default=""),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_form_draft_action_id", "form_draft", ["action_id"])
    if op.get_bind().dialect.name == "sqlite":
        # The local CRM's text search. Where SQLite lacks FTS5 the CRM falls back to LIKE.
        with contextlib.suppress(sa.exc.OperationalError):
            op.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS crm_fts USING fts5("
                "record_id, type UNINDEXED, content, tokenize = 'unicode61 remove_diacritics 2')"
            )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS crm_fts")
    for table in ("form_draft", "crm_phone", "crm_record", "flow_run_step", "flow_run", "property"):
        op.drop_table(table)
