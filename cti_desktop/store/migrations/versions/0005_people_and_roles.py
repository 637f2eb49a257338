"""People and roles: who may do what, enforced by PostgreSQL itself.

- `flow_run.created_by`, `form_draft.created_by`: the login that wrote the row (on PostgreSQL a trigger
  sets it, and row-level security shows each agent only their own).
- `person`: when each person was added.
- On PostgreSQL (`store.roles.set_up`): the group roles `<database>_agent`, `_supervisor` and `_admin`,
  their grants and row-level security, the tables handed to the admin group, and the functions admins
  add, re-role and remove people with. Needs a superuser or a login with CREATEROLE.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from cti_desktop.store import roles

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in roles.OWNED_BY_CREATOR:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("created_by", sa.String(), nullable=False, server_default=""))
    op.create_table(
        "person",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
    )
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for table in roles.OWNED_BY_CREATOR:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN created_by SET DEFAULT current_user")
        roles.set_up(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        roles.tear_down(connection)
    op.drop_table("person")
    for table in roles.OWNED_BY_CREATOR:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("created_by")
