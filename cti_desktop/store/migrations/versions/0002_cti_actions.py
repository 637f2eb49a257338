"""Add CTI actions and the picklist value ctiAction ("CTI Action"), so nobody has to add it by hand.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cti_action",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("flow_id", sa.Integer(), sa.ForeignKey("flow.id"), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("shortcut", sa.String(), nullable=False, server_default=""),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(), nullable=False, server_default=""),
        sa.Column("instructions", sa.String(), nullable=False, server_default=""),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_cti_action_name", "cti_action", ["name"], unique=True)

    source = sa.table(
        "flow_source",
        sa.column("api_value", sa.String()),
        sa.column("label", sa.String()),
        sa.column("active", sa.Boolean()),
        sa.column("sort_order", sa.Integer()),
    )
    bind = op.get_bind()
    exists = bind.execute(sa.select(source.c.api_value).where(source.c.api_value == "ctiAction")).first()
    if exists is None:
        highest = bind.execute(sa.select(sa.func.coalesce(sa.func.max(source.c.sort_order), -1))).scalar()
        next_order = int(highest if highest is not None else -1)
        op.bulk_insert(
            source,
            [{"api_value": "ctiAction", "label": "CTI Action", "active": True, "sort_order": next_order + 1}],
        )
    else:
        bind.execute(
            source.update().where(source.c.api_value == "ctiAction").values(label="CTI Action", active=True)
        )


def downgrade() -> None:
    op.execute("DELETE FROM flow_source WHERE api_value = 'ctiAction'")
    op.drop_index("ix_cti_action_name", table_name="cti_action")
    op.drop_table("cti_action")
