"""The block types, one module per category of docs/flows.md (core.py gathers the "Flow and data" modules, one
per job), each exposing `register(registry)`."""

from __future__ import annotations

from functools import lru_cache

from cti_desktop.flows.blocks import contact, core, crm, http
from cti_desktop.flows.registry import BlockRegistry

CATEGORY_MODULES = (core, contact, crm, http)


@lru_cache(maxsize=1)
def default_registry() -> BlockRegistry:
    """Every block type of docs/flows.md ("Blocks"), declared once; built on first use, shared (read-only)."""
    registry = BlockRegistry()
    for module in CATEGORY_MODULES:
        module.register(registry)
    return registry
