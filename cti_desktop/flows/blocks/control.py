"""SE_Start, SE_End, SE_Log and SE_Delay: where a run starts and ends, what it logs, how it waits."""

from __future__ import annotations

import asyncio
from typing import Any

from cti_desktop.flows.blocks.common import (
    DONE,
    control,
    flow_block,
)
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, RunContext
from cti_desktop.flows.values import as_number


def log_block(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    level = controls["level"] or "info"
    if level not in ("debug", "info", "warn", "error"):
        ctx.warn(f"unknown log level '{level}'; logged as info")
        level = "info"
    ctx.log(level, to_text(controls["message"]))
    return DONE


async def delay(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    milliseconds = as_number(controls["milliseconds"])
    if milliseconds is None or milliseconds < 0:
        ctx.warn(f"{to_text(controls['milliseconds'])!r} is not a number of milliseconds; no wait")
        milliseconds = 0
    await asyncio.sleep(milliseconds / 1000)
    return DONE


def register(registry: BlockRegistry) -> None:
    for spec in (
        flow_block("SE_Start", "Start", None, help_="Where the run starts; a flow has exactly one."),
        flow_block("SE_End", "End", None, outcomes=(), help_="Ends the run: completed."),
        flow_block(
            "SE_Log",
            "Log",
            log_block,
            (
                control(
                    "level",
                    "choice",
                    "info",
                    "How important the line is",
                    choices=("debug", "info", "warn", "error"),
                ),
                control(
                    "message", "multiline", "", "The text to log; may hold references and {{ }} templates"
                ),
            ),
            help_="Writes a line to the run's log and the app's log.",
        ),
        flow_block(
            "SE_Delay",
            "Delay",
            delay,
            (control("milliseconds", "number", 1000, "How long to wait", minimum=0),),
            help_="Waits without blocking anything.",
            is_async=True,
        ),
    ):
        registry.register(spec)
