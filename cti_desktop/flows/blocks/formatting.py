"""The formatting blocks: phone numbers (domain/phones.py) and dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cti_desktop.domain.phones import format_e164, format_national
from cti_desktop.flows.blocks.common import (
    control,
    flow_block,
    value_result,
)
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, RunContext
from cti_desktop.flows.values import as_number

PHONE_CONTROLS = (
    control("phoneNumber", "reference", "", "The number to format, usually a reference", required=True),
    control("countryCode", "text", "US", "ISO country used for numbers written without a country code"),
)


def _phone_controls(controls: dict[str, Any]) -> tuple[Any, str]:
    country = controls["countryCode"]
    return controls["phoneNumber"], (country.upper() if isinstance(country, str) and country else "US")


def format_phone_number(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    number, country = _phone_controls(controls)
    if number is None or number == "":
        return value_result(number)
    return value_result(format_national(number if type(number) is str else to_text(number), country))


def format_phone_number_e164(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    number, country = _phone_controls(controls)
    if number is None or number == "":
        return value_result(number)
    return value_result(format_e164(number if type(number) is str else to_text(number), country))


def _parse_date(value: Any) -> datetime | None:
    if value is None or value == "" or value == "now":
        return datetime.now().astimezone()
    number = as_number(value)
    if number is not None and not isinstance(value, str):
        return datetime.fromtimestamp(number / 1000, UTC)  # epoch milliseconds, as JavaScript dates
    text = to_text(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def format_date(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    moment = _parse_date(controls["date"])
    if moment is None:
        ctx.warn(f"{to_text(controls['date'])!r} is not a date (write ISO text such as 2024-05-01T09:30)")
        return value_result(None)
    pattern = to_text(controls["format"])
    return value_result(moment.strftime(pattern) if pattern else moment.isoformat())


def register(registry: BlockRegistry) -> None:
    for spec in (
        flow_block(
            "SE_CoreFormatPhoneNumber",
            "Format Phone Number",
            format_phone_number,
            PHONE_CONTROLS,
            results=("value",),
            help_="National format, e.g. (206) 555-0100; unparseable input comes back unchanged.",
        ),
        flow_block(
            "SE_CoreFormatPhoneNumberE164",
            "Format Phone Number (E.164)",
            format_phone_number_e164,
            PHONE_CONTROLS,
            results=("value",),
            help_="E.164, e.g. +12065550100; unparseable input comes back unchanged.",
        ),
        flow_block(
            "SE_FormatDate",
            "Format Date",
            format_date,
            (
                control("date", "text", "now", "ISO date text, or now"),
                control("format", "text", "%Y-%m-%d", "strftime pattern, e.g. %d/%m/%Y %H:%M; empty: ISO"),
            ),
            results=("value",),
        ),
    ):
        registry.register(spec)
