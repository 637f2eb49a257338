"""The blocks of docs/flows.md, "CRM" (the adapter's `SE_SF*` types), run against the configured CRM.

Screen pops are requests, not windows: `ctx.screenpop({...})` with a `kind` of "record" (`recordId`,
`entityName`), "list" (`records`, `searchText`) or "new" (`entityName`, `defaultFieldValues`). The GUI opens
them; the command line records them in the run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cti_desktop.contacts.base import resolve
from cti_desktop.crm.base import CrmError, CrmRecord, check_type
from cti_desktop.flows.references import to_text
from cti_desktop.flows.registry import BlockRegistry, BlockResult, BlockSpec, ControlSpec, RunContext
from cti_desktop.flows.values import truthy

CATEGORY = "CRM"
CAN_FAIL = ("success", "failure")

# Controls of SE_SFCreateTask that become Task fields of the same name.
TASK_FIELD_CONTROLS = (
    "CallObject",
    "Type",
    "Status",
    "Priority",
    "IsClosed",
    "TaskSubtype",
    "WhoId",
    "WhatId",
    "CallDisposition",
    "CallDurationInSeconds",
    "CallType",
    "ActivityDate",
)


def _failure(message: str, results: dict[str, Any] | None = None) -> BlockResult:
    return BlockResult("failure", results or {}, message)


def _no_id(value: Any) -> bool:
    """Empty, or the text "null"/"undefined" that adapter flows write for a missing id."""
    return value is None or to_text(value).strip().lower() in ("", "null", "undefined")


def _pairs(value: Any, name: str) -> dict[str, Any]:
    """Name/value pairs from a dict or its JSON text; nothing for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise CrmError(f"'{name}' must be name/value pairs, and its text is not JSON: {exc}") from exc
    if not isinstance(value, Mapping):
        raise CrmError(f'\'{name}\' must be name/value pairs, e.g. {{"Subject": "Call"}}')
    return {str(key): item for key, item in value.items()}


def _pop_record(ctx: RunContext, record: CrmRecord) -> None:
    ctx.screenpop({"kind": "record", "recordId": record.Id, "entityName": record.type})


async def search_and_screenpop(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    text = to_text(controls.get("searchParams")).strip()
    if not text or text.lower() in ("null", "undefined"):
        return _failure("the search text is empty", {"records": []})
    records = await resolve(ctx.crm.search(text))
    if not records:
        return _failure(f"no record matches '{text}'", {"records": []})
    found = [record.to_dict() for record in records]
    if not truthy(controls.get("deferred")):
        if len(records) == 1:
            _pop_record(ctx, records[0])
        else:
            pop: dict[str, Any] = {"kind": "list", "records": found, "searchText": text}
            query = to_text(controls.get("queryParams")).strip()
            if query:
                pop["queryParams"] = query
            ctx.screenpop(pop)
    return BlockResult("success", {"records": found})


async def screenpop_object(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    record_id = controls.get("recordId")
    if _no_id(record_id):
        if truthy(controls.get("noPopOnEmpty")):
            return BlockResult("success")
        return _failure("there is no record id to pop")
    record = await resolve(ctx.crm.get(to_text(record_id).strip()))
    if record is None:
        return _failure(f"there is no record with Id {to_text(record_id).strip()}")
    _pop_record(ctx, record)
    return BlockResult("success", {"recordId": record.Id})


def screenpop_new_record(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    entity = to_text(controls.get("entityName")).strip()
    try:
        check_type(entity)
        defaults = _pairs(controls.get("defaultFieldValues"), "defaultFieldValues")
    except CrmError as exc:
        return _failure(str(exc))
    ctx.screenpop({"kind": "new", "entityName": entity, "defaultFieldValues": defaults})
    return BlockResult("success")


async def _find_id(ctx: RunContext, number: Any, record_type: str, field_name: str | None) -> BlockResult:
    result_name = "sfContactId" if record_type == "Contact" else "sfLeadId"
    text = to_text(number).strip()
    if not text:
        return _failure("there is no phone number to look up", {result_name: ""})
    matches = await resolve(ctx.crm.find_by_phone(text, [record_type], field_name or None))
    if not matches:
        where = f" in {field_name}" if field_name else ""
        return _failure(f"no {record_type} has the phone number {text}{where}", {result_name: ""})
    if len(matches) > 1:
        ctx.warn(
            f"{len(matches)} {record_type} records have the phone number {text}; the most recent is used"
        )
    return BlockResult("success", {result_name: matches[0].Id})


async def get_contact_id(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    field_name = to_text(controls.get("fieldName")).strip()
    return await _find_id(ctx, controls.get("formattedPhoneNumber"), "Contact", field_name)


async def get_lead_id(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    return await _find_id(ctx, controls.get("formattedPhoneNumber"), "Lead", None)


def _field_names(value: Any) -> list[str]:
    names = value if isinstance(value, list) else to_text(value).split(",")
    return [name for name in (to_text(item).strip() for item in names) if name]


async def retrieve(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    record_id = controls.get("id")
    if _no_id(record_id):
        return _failure("there is no record id to retrieve")
    names = _field_names(controls.get("fields"))
    if not names:
        return _failure("'fields' names no field to retrieve (write them comma-separated, e.g. Name,Phone)")
    record = await resolve(ctx.crm.get(to_text(record_id).strip()))
    if record is None:
        return _failure(f"there is no record with Id {to_text(record_id).strip()}")
    wanted_type = to_text(controls.get("type")).strip()
    if wanted_type and wanted_type.lower() != record.type.lower():
        return _failure(f"record {record.Id} is a {record.type}, not a {wanted_type}")
    return BlockResult("success", {"record": {name: record.value(name) for name in names}})


async def save_log(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    record_id = controls.get("recordId")
    try:
        values = _pairs(controls.get("fieldValues"), "fieldValues")
        if _no_id(record_id):
            entity = to_text(controls.get("entityType")).strip()
            if not entity:
                return _failure("'entityType' is needed to create a record (e.g. Task)")
            record = await resolve(ctx.crm.create(entity, values))
        else:
            record = await resolve(ctx.crm.update(to_text(record_id).strip(), values))
    except CrmError as exc:
        return _failure(str(exc))
    return BlockResult("success", {"id": record.Id})


def task_fields(controls: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of the Task SE_SFCreateTask creates: the subject parts joined by " - ", the other
    controls under their own names (empty ones left out), then otherTaskFields."""
    parts = (to_text(controls.get(name)).strip() for name in ("subject1", "subject2", "subject3"))
    fields: dict[str, Any] = {}
    subject = " - ".join(part for part in parts if part)
    if subject:
        fields["Subject"] = subject
    for name in TASK_FIELD_CONTROLS:
        value = controls.get(name)
        if name == "TaskSubtype" and (value is None or value == ""):
            value = controls.get("TaskSubType")
        if value is not None and value != "":
            fields[name] = value
    fields.update(_pairs(controls.get("otherTaskFields"), "otherTaskFields"))
    return fields


async def create_task(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    try:
        record = await resolve(ctx.crm.create("Task", task_fields(controls)))
    except CrmError as exc:
        return _failure(str(exc))
    return BlockResult("success", {"id": record.Id})


async def complete_hvs_work(ctx: RunContext, controls: dict[str, Any]) -> BlockResult:
    crm = ctx.crm
    complete = getattr(crm, "complete_hvs_work", None)
    if complete is None:
        name = getattr(crm, "name", "configured") if crm is not None else "configured"
        return _failure(
            "completing High Velocity Sales work is Salesforce-only; "
            f"the {name} CRM cannot do it (connect Salesforce to use this block)"
        )
    try:
        await resolve(
            complete(
                to_text(controls.get("workId")).strip(),
                to_text(controls.get("taskId")).strip(),
                to_text(controls.get("disposition")).strip(),
            )
        )
    except CrmError as exc:
        return _failure(str(exc))
    return BlockResult("success")


def _c(name: str, kind: Any = "text", default: Any = "", help_: str = "", **extra: Any) -> ControlSpec:
    return ControlSpec(name, kind, default, help_, **extra)


def _spec(
    type_: str,
    title: str,
    run: Any,
    controls: tuple[ControlSpec, ...],
    results: tuple[str, ...] = (),
    help_: str = "",
    needs: str = "crm",
) -> BlockSpec:
    is_async = run is not screenpop_new_record
    return BlockSpec(
        type_, title, CATEGORY, controls, CAN_FAIL, results, run, is_async=is_async, help=help_, needs=needs
    )


def _task_control(name: str) -> ControlSpec:
    if name == "IsClosed":
        return _c(name, "boolean", False)
    if name == "TaskSubtype":
        # Adapter exports spell it both ways.
        return _c(name, aliases=("TaskSubType",))
    return _c(name)


_PHONE = _c("formattedPhoneNumber", "reference", "", "The caller's number, in any format", required=True)


def register(registry: BlockRegistry) -> None:
    specs = [
        _spec(
            "SE_SFSearchAndScreenpop",
            "Search and Screen Pop",
            search_and_screenpop,
            (
                _c(
                    "searchParams",
                    "text",
                    "",
                    "Text to find in any field: a name, an e-mail, a phone number, an Id, a Case number",
                ),
                _c("queryParams", "text", "", "Extra URL parameters for CRMs with web pages"),
                _c("defaultFieldValues", "dict", {}, "Used by Salesforce's own search pop; kept for import"),
                _c("deferred", "boolean", False, "Search without popping anything"),
                _c(
                    "callType",
                    "choice",
                    "inbound",
                    "The call's direction",
                    choices=("inbound", "outbound", "callback"),
                ),
            ),
            ("records",),
            "Pops the record when exactly one matches, the list of matches otherwise; fails when nothing "
            "matches or the search text is empty.",
        ),
        _spec(
            "SE_SFScreenpopObject",
            "Screen Pop Record",
            screenpop_object,
            (
                # Not required: an empty Id succeeds without a pop when noPopOnEmpty is set (docs/flows.md).
                _c("recordId", "reference", "", "The Id of the record to open"),
                _c("noPopOnEmpty", "boolean", False, "Succeed without a pop when the Id is empty"),
            ),
            ("recordId",),
        ),
        _spec(
            "SE_SFScreenpopNewRecord",
            "Screen Pop New Record",
            screenpop_new_record,
            (
                _c("entityName", "text", "Case", "The type of record to create", required=True),
                _c("defaultFieldValues", "dict", {}, "Fields to prefill"),
            ),
        ),
        _spec(
            "SE_SFGetContactId",
            "Get Contact Id",
            get_contact_id,
            (_PHONE, _c("fieldName", "text", "", "Only this phone field (default: any phone field)")),
            ("sfContactId",),
        ),
        _spec("SE_SFGetLeadId", "Get Lead Id", get_lead_id, (_PHONE,), ("sfLeadId",)),
        _spec(
            "SE_SFRetrieve",
            "Retrieve Record",
            retrieve,
            (
                _c("type", "text", "", "The record's type, e.g. Contact (checked when given)"),
                _c("id", "reference", "", "The record's Id", required=True),
                _c("fields", "text", "Name", "Comma-separated field names", required=True),
            ),
            ("record",),
            "The record holds exactly the fields asked for (null for one the record lacks).",
        ),
        _spec(
            "SE_SFSaveLog",
            "Save Log",
            save_log,
            (
                _c("recordId", "reference", "", "The record to update; empty or null creates one"),
                _c("entityType", "text", "Task", "The type of a record to create"),
                _c("fieldValues", "dict", {}, "The fields to set"),
            ),
            ("id",),
        ),
        _spec(
            "SE_SFCreateTask",
            "Create Task",
            create_task,
            (
                *(_task_control(name) for name in TASK_FIELD_CONTROLS),
                _c("subject1", help_="First part of the Subject"),
                _c("subject2", help_="Second part of the Subject"),
                _c("subject3", help_="Third part of the Subject"),
                _c("otherTaskFields", "dict", {}, "More Task fields"),
            ),
            ("id",),
            'Creates a Task whose Subject is the non-empty subject parts joined by " - ".',
        ),
        _spec(
            "SE_SFCompleteHvsWorkWithTaskSaved",
            "Complete HVS Work",
            complete_hvs_work,
            (_c("workId", "reference"), _c("taskId", "reference"), _c("disposition")),
            help_="Salesforce High Velocity Sales only; the local CRM answers failure.",
            # The block explains itself when the connector cannot do it, instead of a generic refusal.
            needs="",
        ),
    ]
    for spec in specs:
        registry.register(spec)
