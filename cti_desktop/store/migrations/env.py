"""Alembic environment: migrations run on a connection handed over by `cti_desktop.store.database`."""

from alembic import context
from sqlmodel import SQLModel

from cti_desktop.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
