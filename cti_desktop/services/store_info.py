"""What the About box and the status bar say about the store, without the windows reaching into it."""

from __future__ import annotations

from sqlalchemy import Engine

from cti_desktop.store.database import current_revision, describe_url


def describe_database(url: str) -> str:
    """Where the store is, in words (a server URL's password hidden)."""
    return describe_url(url)


def schema_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for an empty database."""
    return current_revision(engine)


__all__ = ["describe_database", "schema_revision"]
