"""Store errors in words, for the windows: they may not import the store itself (the layers contract),
so the one implementation in `store.errors` reaches them through this module."""

from __future__ import annotations

from cti_desktop.store.errors import describe_store_error, is_store_error

__all__ = ["describe_store_error", "is_store_error"]
