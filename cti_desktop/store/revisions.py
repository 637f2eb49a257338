"""The schema revisions this build knows, in a module of their own: start-up checks them before
SQLAlchemy and Alembic are loaded."""

from __future__ import annotations

# The revisions in `migrations/versions`, oldest first. Alembic itself is imported only when a database
# needs upgrading, so an up-to-date start-up does not pay for it; a test keeps this list in step.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD_REVISION = KNOWN_REVISIONS[-1]
