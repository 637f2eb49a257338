"""The blocks of docs/flows.md, "Contact and agent".

They read the run's contact and agent (a `Contact`/`Agent`, or a mapping of their `$.contact` fields) and
ask the telephony connector for what changes the world: dial, update attributes, set the agent's status.
The executor reads `$.contact` and `$.agent` again after each of these blocks, so later blocks see changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cti_desktop.contacts.base import TelephonyError, resolve
from cti_desktop.domain.phones import phone_formats
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec, ControlSpec, RunContext

CATEGORY = "Contact and agent"
CAN_FAIL = ("success", "failure")


def _failure(message: str) -> BlockResult:
    return BlockResult("failure", {}, message)


def contact_scope(ctx: RunContext) -> dict[str, Any] | None:
    """The run's contact as `$.contact` fields, derived phone formats included; None without a contact."""
    contact = ctx.contact
    if contact is None:
        return None
    scope = getattr(contact, "scope", None)
    if callable(scope):
        return dict(scope())
    if isinstance(contact, Mapping):
        fields = dict(contact)
        number = to_text(fields.get("phoneNumber"))
        if number and "formattedPhoneNumber" not in fields:
            formats = phone_formats(number)
            fields["formattedPhoneNumber"] = formats.national
            fields.setdefault("parsedNumber", {"phone": number, "country": formats.country})
        return fields
    return None


def _no_contact(ctx: RunContext) -> dict[str, Any]:
    ctx.warn("this run has no contact; the contact's fields are empty")
    return {}


def contact_properties(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    scope = contact_scope(ctx)
    if scope is None:
        scope = _no_contact(ctx)
    call_type = scope.get("callType")
    if not call_type:
        if scope.get("type") == "callback":
            call_type = "callback"
        else:
            call_type = "outbound" if scope.get("isInbound") is False else "inbound"
    return BlockResult(
        "done",
        {
            "contactId": scope.get("contactId", ""),
            "type": scope.get("type", ""),
            "queueName": scope.get("queueName", ""),
            "formattedPhoneNumber": scope.get("formattedPhoneNumber", ""),
            "callType": call_type if scope else "",
            "isMonitor": bool(scope.get("isMonitor", False)),
        },
    )


def customer_phone_number(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    scope = contact_scope(ctx)
    if scope is None:
        scope = _no_contact(ctx)
    phone = scope.get("phoneNumber", "")
    parsed = scope.get("parsedNumber")
    country = parsed.get("country", "") if isinstance(parsed, Mapping) else ""
    if phone and not country:
        country = phone_formats(to_text(phone)).country
    return BlockResult("done", {"phone": phone, "country": country})


def get_attribute_value(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    name = to_text(controls.get("attributeName"))
    default = controls.get("defaultValue", "")
    scope = contact_scope(ctx)
    attributes = scope.get("attributes") if scope else None
    if isinstance(attributes, Mapping) and name in attributes:
        return BlockResult("done", {"value": attributes[name]})
    return BlockResult("done", {"value": default})


def _attributes(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    return None


async def update_attributes(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    attributes = _attributes(controls.get("attributes"))
    if attributes is None:
        return _failure('\'attributes\' must be name/value pairs, e.g. {"tier": "gold"}')
    scope = contact_scope(ctx)
    contact_id = to_text(scope.get("contactId")) if scope else ""
    if not contact_id:
        return _failure("this run has no contact whose attributes could be updated")
    try:
        await resolve(ctx.telephony.update_attributes(contact_id, attributes))
    except TelephonyError as exc:
        return _failure(str(exc))
    return BlockResult("success", {"attributes": attributes})


async def dial_number(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    number = to_text(controls.get("phoneNumber")).strip()
    if not number:
        return _failure("there is no phone number to dial")
    try:
        contact = await resolve(ctx.telephony.dial(number, to_text(controls.get("queueARN")).strip()))
    except TelephonyError as exc:
        return _failure(str(exc))
    return BlockResult("success", {"contactId": getattr(contact, "contactId", ""), "phoneNumber": number})


async def set_status(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    status = to_text(controls.get("status")).strip()
    if not status:
        return _failure("there is no status to set")
    try:
        agent = await resolve(ctx.telephony.set_agent_status(status))
    except TelephonyError as exc:
        return _failure(str(exc))
    return BlockResult("success", {"status": getattr(agent, "state", status)})


async def get_status(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    telephony = ctx.telephony
    if telephony is not None and hasattr(telephony, "get_agent_status"):
        return BlockResult("done", {"status": await resolve(telephony.get_agent_status())})
    agent = ctx.agent
    state = agent.get("state") if isinstance(agent, Mapping) else getattr(agent, "state", "")
    return BlockResult("done", {"status": state or ""})


def _spec(
    type_: str,
    title: str,
    run: Any,
    controls: tuple[ControlSpec, ...] = (),
    outcomes: tuple[str, ...] = ("done",),
    results: tuple[str, ...] = (),
    help_: str = "",
    needs: str = "",
) -> BlockSpec:
    is_async = type_ in (
        "SE_ContactUpdateAttributes",
        "SE_AgentDialNumber",
        "SE_AgentSetStatus",
        "SE_AgentGetStatus",
    )
    return BlockSpec(
        type_,
        title,
        CATEGORY,
        controls,
        outcomes,
        results,
        run,
        is_async=is_async,
        help=help_,
        needs=needs,
        refreshes_contact=True,
    )


def register(registry: BlockRegistry) -> None:
    specs = [
        _spec(
            "SE_ContactProperties",
            "Contact Properties",
            contact_properties,
            results=("contactId", "type", "queueName", "formattedPhoneNumber", "callType", "isMonitor"),
            help_="The current contact's id, channel, queue, phone number and call type.",
        ),
        _spec(
            "SE_ContactCustomerPhoneNumber",
            "Customer Phone Number",
            customer_phone_number,
            results=("phone", "country"),
            help_="The customer's number as the telephony gives it, and its country (ISO code).",
        ),
        _spec(
            "SE_ContactGetAttributeValue",
            "Get Contact Attribute",
            get_attribute_value,
            (
                ControlSpec("attributeName", "text", "", "The contact attribute to read", required=True),
                ControlSpec("defaultValue", "text", "", "The value when the contact lacks the attribute"),
            ),
            results=("value",),
        ),
        _spec(
            "SE_ContactUpdateAttributes",
            "Update Contact Attributes",
            update_attributes,
            (ControlSpec("attributes", "dict", {}, "Name/value pairs to set on the contact", required=True),),
            CAN_FAIL,
            ("attributes",),
            "Later blocks and the overlay's Attributes tab see the new values.",
            needs="telephony",
        ),
        _spec(
            "SE_AgentDialNumber",
            "Dial Number",
            dial_number,
            (
                ControlSpec("phoneNumber", "reference", "", "The number to call", required=True),
                ControlSpec("queueARN", "text", "", "The outbound queue (optional)"),
            ),
            CAN_FAIL,
            ("contactId", "phoneNumber"),
            "Places an outbound call through the telephony connector.",
            needs="telephony",
        ),
        _spec(
            "SE_AgentSetStatus",
            "Set Agent Status",
            set_status,
            (ControlSpec("status", "text", "Available", "e.g. Available, Offline, Break", required=True),),
            CAN_FAIL,
            ("status",),
            needs="telephony",
        ),
        _spec(
            "SE_AgentGetStatus",
            "Get Agent Status",
            get_status,
            results=("status",),
            help_="The agent's current state, e.g. Available.",
        ),
    ]
    for spec in specs:
        registry.register(spec)
