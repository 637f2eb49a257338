"""The blocks that show the agent something: overlay data, a message, a screen pop of a URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cti_desktop.flows.blocks.common import (
    CAN_FAIL,
    DONE,
    control,
    failure,
    flow_block,
    json_if_text,
)
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, RunContext


def send_data_to_overlay(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    pairs = json_if_text(controls["value"])
    if not isinstance(pairs, Mapping):
        ctx.warn("the value must be key/value pairs (an object); nothing was sent to the overlay")
        return DONE
    ctx.send_overlay_data(pairs)
    return DONE


def show_modal(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    ctx.show_modal(to_text(controls["title"]), to_text(controls["message"]))
    return DONE


def screenpop_url(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    url = to_text(controls["url"]).strip()
    if not url:
        return failure("the URL is empty")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https", "mailto", "tel"):
        return failure(f"'{url}' is not a web address (it must start with http:// or https://)")
    ctx.screenpop({"kind": "url", "url": url})
    return BlockResult("success", {"url": url})


def register(registry: BlockRegistry) -> None:
    for spec in (
        flow_block(
            "SE_SendDataToOverlay",
            "Send Data to Overlay",
            send_data_to_overlay,
            (control("value", "dict", {}, "Key/value pairs shown in the overlay's Data tab"),),
        ),
        flow_block(
            "SE_ShowModal", "Show Message", show_modal, (control("title"), control("message", "multiline"))
        ),
        flow_block(
            "SE_ScreenpopUrl",
            "Screen Pop URL",
            screenpop_url,
            (control("url", required=True, help_="http:// or https:// address"),),
            CAN_FAIL,
            ("url",),
            help_="Opens the URL in the agent's browser.",
        ),
    ):
        registry.register(spec)
