"""The property blocks: stored key/values that persist across runs and restarts, per workstation."""

from __future__ import annotations

from typing import Any

from cti_desktop.flows.blocks.common import (
    DONE,
    control,
    flow_block,
    value_result,
)
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, RunContext


def _key(ctx: RunContext, controls: dict[str, Any]) -> str | None:
    key = controls["key"]
    if key is None or key == "":
        ctx.warn("the property key is empty; nothing was done")
        return None
    return key if type(key) is str else to_text(key)


def set_property(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    key = controls["key"]
    if type(key) is not str or not key:
        key = _key(ctx, controls)
        if key is None:
            return DONE
    ctx.properties.set(key, controls["value"])
    return DONE


def get_property(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    key = _key(ctx, controls)
    if key is None:
        return value_result(controls["defaultValue"])
    return value_result(ctx.properties.get(key, controls["defaultValue"]))


def unset_property(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    key = _key(ctx, controls)
    return value_result(None if key is None else ctx.properties.unset(key))


def get_all_properties(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return value_result(ctx.properties.all())


def clear_properties(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    removed = ctx.properties.all()
    ctx.properties.clear()
    return value_result(removed)


def register(registry: BlockRegistry) -> None:
    for spec in (
        flow_block(
            "SE_SetProperty",
            "Set Property",
            set_property,
            (
                control("key", required=True, help_="Property name"),
                control("value", "text", "", "The value to store"),
            ),
            help_="Stores a property; properties persist across runs and restarts, per workstation.",
        ),
        flow_block(
            "SE_GetProperty",
            "Get Property",
            get_property,
            (
                control("key", required=True, help_="Property name"),
                control("defaultValue", "text", None, "When unset"),
            ),
            results=("value",),
        ),
        flow_block(
            "SE_UnsetProperty",
            "Unset Property",
            unset_property,
            (control("key", required=True, help_="Property name"),),
            results=("value",),
            help_="Removes a property; `value` is what it held.",
        ),
        flow_block("SE_GetAllProperties", "Get All Properties", get_all_properties, results=("value",)),
        flow_block(
            "SE_ClearProperties",
            "Clear Properties",
            clear_properties,
            results=("value",),
            help_="Removes every property; `value` holds what they were.",
        ),
    ):
        registry.register(spec)
