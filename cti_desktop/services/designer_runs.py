"""Test runs from the flow designer: the real executor on the document as drawn (saved or not), with
inputs the designer gives, against the local CRM, and nothing kept unless asked.

The CRM a test run sees is `HeldCrm`: it reads the local CRM, but holds every write back (a record
created or updated is seen by the rest of the run, and by nobody else); after the run the writes are
either dropped, which leaves the store exactly as it was (no rollback of a half-seen change), or, when the
designer asks to keep them, made on the local CRM in the order the run made them, each announced as any
other change. Properties work the same way. Telephony is a simulator of the run's own (a dial or an
agent status set by a test never reaches the agent's phone), as for `cti-desktop flows run`.
"""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from cti_desktop.contacts.model import Agent, Contact, ContactDataError
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.crm.base import CrmError, CrmRecord, check_fields, check_record_id, check_type
from cti_desktop.crm.threaded import ThreadedCrm
from cti_desktop.domain.actions import CtiAction
from cti_desktop.domain.form_values import serialize_values
from cti_desktop.domain.forms import is_reference
from cti_desktop.flows.document import FlowDocument
from cti_desktop.flows.executor import RunHandle, RunWatcher
from cti_desktop.flows.properties import MemoryProperties
from cti_desktop.flows.references import resolve_value
from cti_desktop.flows.results import RunResult
from cti_desktop.services.actions import ActionService, form_defaults
from cti_desktop.services.crm_records import CrmRecords
from cti_desktop.services.flow_runner import FlowRunner
from cti_desktop.store.crm import is_phone_field, new_record_id

__all__ = ["DesignerRunOutcome", "DesignerRuns", "HeldCrm", "RunInputError", "RunInputs"]

_DIGITS = re.compile(r"\D")
TEST_CONTACT_ID = "test-contact"


class RunInputError(ValueError):
    """An input of a test run that cannot be used, in words (the contact is not an object, ...)."""


Write = tuple[Literal["create"], str, dict[str, Any], str] | tuple[Literal["update"], str, dict[str, Any]]


class HeldCrm:
    """The local CRM for a test run: reads go to it, writes are held here (see the module's doc).
    Blocking, like the local CRM: the run reaches it through `ThreadedCrm`, off the event loop."""

    def __init__(self, inner: CrmRecords) -> None:
        self.inner = inner
        self.name = inner.name
        self.has_urls = inner.has_urls
        self.writes: list[Write] = []
        # The records as the run left them: created ones, and copies of updated ones.
        self._held: dict[str, CrmRecord] = {}
        self._created: list[str] = []

    def supports(self, block_type: str) -> bool:
        return self.inner.supports(block_type)

    # -- reading: the store, with what the run wrote on top ----------------------------------------------

    def get(self, record_id: str) -> CrmRecord | None:
        held = self._held.get(record_id)
        return copy.deepcopy(held) if held is not None else self.inner.get(record_id)

    def _over(self, records: list[CrmRecord]) -> list[CrmRecord]:
        return [copy.deepcopy(self._held.get(record.Id, record)) for record in records]

    def _created_records(self, types: Sequence[str] | None) -> list[CrmRecord]:
        records = [self._held[record_id] for record_id in reversed(self._created)]
        return [copy.deepcopy(r) for r in records if not types or r.type in types]

    def search(self, text: str, types: Sequence[str] | None = None, limit: int = 50) -> list[CrmRecord]:
        wanted = text.strip().lower()
        digits = _DIGITS.sub("", text)
        new = [
            record
            for record in self._created_records(types)
            if any(
                (wanted and wanted in str(value).lower())
                or (len(digits) >= 7 and is_phone_field(name) and digits in _DIGITS.sub("", str(value)))
                for name, value in record.fields.items()
            )
        ]
        return (new + self._over(self.inner.search(text, types, limit)))[:limit]

    def find_by_phone(
        self, number: str, types: Sequence[str] | None = None, field_name: str | None = None
    ) -> list[CrmRecord]:
        digits = _DIGITS.sub("", number)[-10:]
        new = [
            record
            for record in self._created_records(types)
            if digits
            and any(
                (name == field_name if field_name else is_phone_field(name))
                and _DIGITS.sub("", str(value)).endswith(digits)
                for name, value in record.fields.items()
            )
        ]
        return new + self._over(self.inner.find_by_phone(number, types, field_name))

    def list_by_type(self, record_type: str, limit: int = 100, offset: int = 0) -> list[CrmRecord]:
        new = self._created_records([record_type])
        stored = self._over(self.inner.list_by_type(record_type, limit + offset, 0))
        return (new + stored)[offset : offset + limit]

    # -- writing: held ---------------------------------------------------------------------------------

    def create(self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None) -> CrmRecord:
        record_type = check_type(record_type)
        checked = check_fields(fields)
        given = checked.pop("Id", None)
        new_id = check_record_id(record_id or given or new_record_id(record_type))
        if new_id in self._held or self.inner.get(new_id) is not None:
            raise CrmError(f"a record with Id {new_id} already exists")
        record = CrmRecord(new_id, record_type, checked)
        self._held[new_id] = record
        self._created.append(new_id)
        self.writes.append(("create", record_type, copy.deepcopy(checked), new_id))
        return copy.deepcopy(record)

    def update(self, record_id: str, fields: Mapping[str, Any]) -> CrmRecord:
        changes = check_fields(fields)
        given = changes.pop("Id", record_id)
        if given != record_id:
            raise CrmError(f"the Id of record {record_id} cannot be changed to {given!r}")
        current = self.get(record_id)
        if current is None:
            raise CrmError(f"there is no record with Id {record_id}")
        current.fields.update(changes)
        self._held[record_id] = current
        self.writes.append(("update", record_id, copy.deepcopy(changes)))
        return copy.deepcopy(current)

    # -- after the run ---------------------------------------------------------------------------------

    def described(self) -> list[str]:
        """The held writes, in words, in order."""
        lines = []
        for write in self.writes:
            if write[0] == "create":
                lines.append(f"created {write[1]} {write[3]}")
            else:
                lines.append(f"updated {write[1]}: {', '.join(write[2]) or 'no fields'}")
        return lines

    def keep(self) -> None:
        """Make the held writes on the local CRM, in order (each announced as usual)."""
        for write in self.writes:
            if write[0] == "create":
                self.inner.create(write[1], write[2], write[3])
            else:
                self.inner.update(write[1], write[2])
        self.writes = []


@dataclass(slots=True)
class RunInputs:
    payload: dict[str, Any] = field(default_factory=dict)
    # `$.contact` fields (None: the run has no contact) and `$.agent` fields (None: the default agent).
    contact: dict[str, Any] | None = None
    agent: dict[str, Any] | None = None
    trigger_kind: str = "manual"
    trigger_detail: str = ""
    # Make the run's CRM writes and property changes for real.
    keep_changes: bool = False


@dataclass(slots=True)
class DesignerRunOutcome:
    result: RunResult
    # The CRM writes and property changes the run made, in words, and whether they were kept.
    changes: list[str]
    kept: bool


class DesignerRuns:
    """Test runs of flows open in the designer; one object per designer window."""

    def __init__(
        self, runner: FlowRunner, crm: CrmRecords, actions: ActionService, default_country: str = "US"
    ) -> None:
        self.runner = runner
        self.crm = crm
        self.actions = actions
        self.default_country = default_country

    # -- inputs ------------------------------------------------------------------------------------------

    def actions_using(self, flow_name: str) -> list[CtiAction]:
        return [action for action in self.actions.list_actions() if action.flow_name == flow_name]

    def payload_for(self, action: CtiAction) -> dict[str, Any]:
        """What the action would send: its static payload as written (references stay references, and
        the run resolves them against the test's contact and agent), then its form's fields with their
        defaults (empty when they have none)."""
        payload: dict[str, Any] = {entry.key: entry.value for entry in action.payload}
        if action.has_form:
            scope = {"contact": {}, "agent": Agent().scope(), "payload": {}, "actions": {}, "properties": {}}
            payload.update(serialize_values(action.form, form_defaults(action.form, scope)))
            for form_field in action.form.fields:
                payload.setdefault(form_field.name, "")
        return payload

    async def find_records(self, text: str, limit: int = 20) -> list[CrmRecord]:
        """CRM records matching the text (searched off the event loop), to take a test contact from."""
        return await asyncio.to_thread(self.crm.search, text, None, limit)

    @staticmethod
    def contact_from_record(record: CrmRecord) -> dict[str, Any]:
        """A test contact calling from the record's first phone number."""
        phone = next(
            (str(value) for name, value in record.fields.items() if is_phone_field(name) and value), ""
        )
        return {
            "contactId": TEST_CONTACT_ID,
            "type": "voice",
            "phoneNumber": phone,
            "queueName": "",
            "isInbound": True,
            "attributes": {},
        }

    def stored_properties(self) -> dict[str, Any]:
        values = getattr(self.runner.properties, "values", {})
        return dict(values) if isinstance(values, Mapping) else {}

    # -- running -------------------------------------------------------------------------------------------

    async def run(
        self,
        document: FlowDocument,
        inputs: RunInputs,
        *,
        name: str = "",
        watcher: RunWatcher | None = None,
        handle: RunHandle | None = None,
    ) -> DesignerRunOutcome:
        """Run the document as it is now. Raises RunInputError for unusable inputs; anything that goes
        wrong inside the run is in the result, as for any run. The run is not recorded in the history."""
        try:
            agent = Agent.from_dict(inputs.agent) if inputs.agent is not None else Agent()
            telephony = Simulator(agent=agent, default_country=self.default_country)
            contact = (
                telephony.add_contact(Contact.from_dict(inputs.contact, default_country=self.default_country))
                if inputs.contact is not None
                else None
            )
        except ContactDataError as exc:
            raise RunInputError(str(exc)) from exc
        scope = {
            "contact": contact.scope() if contact is not None else {},
            "agent": agent.scope(),
            "payload": {},
            "actions": {},
            "properties": {},
        }
        payload = {
            key: resolve_value(value, scope) if is_reference(value) else copy.deepcopy(value)
            for key, value in inputs.payload.items()
        }
        held = HeldCrm(self.crm)
        before = self.stored_properties()
        properties = MemoryProperties(copy.deepcopy(before))
        result = await self.runner.executor.run(
            document,
            name=name,
            payload=payload,
            contact=contact,
            agent=agent,
            properties=properties,
            crm=ThreadedCrm(held),
            telephony=telephony,
            credentials=self.runner.credentials,
            watcher=watcher,
            handle=handle,
            trigger_kind=inputs.trigger_kind,
            trigger_detail=inputs.trigger_detail,
        )
        changed = {k: v for k, v in properties.values.items() if before.get(k, _UNSET) != v}
        removed = [key for key in before if key not in properties.values]
        changes = held.described()
        changes += [f"property {key} set" for key in changed] + [f"property {key} unset" for key in removed]
        kept = inputs.keep_changes and bool(changes)
        if kept:
            await asyncio.to_thread(held.keep)
            for key, value in changed.items():
                self.runner.properties.set(key, value)
            for key in removed:
                self.runner.properties.unset(key)
        return DesignerRunOutcome(result, changes, kept)


_UNSET = object()
