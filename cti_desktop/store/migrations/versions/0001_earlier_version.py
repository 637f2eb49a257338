"""The schema of the earlier version: flows and the flow-source picklist, without CTI actions.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The picklist as the earlier version shipped it (no ctiAction: it had no CTI actions).
EARLIER_SOURCES = [
    ("initialization", "Initialization"),
    ("agent", "Agent"),
    ("voiceContact", "Voice Contact"),
    ("chatContact", "Chat Contact"),
    ("taskContact", "Task Contact"),
    ("queueCallbackContact", "Queue Callback Contact"),
    ("ui", "UI"),
]


def upgrade() -> None:
    op.create_table(
        "flow",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False, server_default=""),
        sa.Column("source", sa.String(), nullable=False, server_default=""),
        sa.Column("event", sa.String(), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_index("ix_flow_name", "flow", ["name"], unique=True)
    source = op.create_table(
        "flow_source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("api_value", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("sort_order", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_flow_source_api_value", "flow_source", ["api_value"], unique=True)
    op.bulk_insert(
        source,
        [
            {"api_value": value, "label": label, "active": True, "sort_order": order}
            for order, (value, label) in enumerate(EARLIER_SOURCES)
        ],
    )


def downgrade() -> None:
    op.drop_table("flow_source")
    op.drop_table("flow")
