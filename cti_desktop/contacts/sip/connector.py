"""The SIP softphone connector: real calls from a PBX (Asterisk, FreeSWITCH, ...) or a SIP trunk, behind
the same interface as the simulator. It keeps the contacts and the agent as the simulator does (and
raises the same events, so the same flows run), and carries each operation out on the wire through
PJSIP (`endpoint.SipEngine`): Accept answers 200, Reject 486, Hold and Resume re-INVITE, Transfer sends
REFER, Hang up BYE (or CANCEL while an outbound call rings).

Threads: PJSIP's callbacks run on its own thread; every event they report is handed to the asyncio loop
with `call_soon_threadsafe` and handled there, where the contacts live. Operations go the other way
through `SipEngine.submit`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from cti_desktop.contacts.base import TelephonyError
from cti_desktop.contacts.model import Agent, Contact, ContactState
from cti_desktop.contacts.simulator import Simulator
from cti_desktop.contacts.sip import words
from cti_desktop.contacts.sip.endpoint import SipEngine, SipOperationError
from cti_desktop.contacts.sip.events import (
    CallState,
    EngineFailed,
    Incoming,
    MediaState,
    Registration,
    SipEvent,
    Started,
    TransferStatus,
)
from cti_desktop.contacts.sip.headers import invite_details
from cti_desktop.contacts.sip.settings import SipSettings
from cti_desktop.domain.signals import Signal

log = logging.getLogger(__name__)

OK, BUSY_HERE = 200, 486
# How long a registration may go unanswered before the agent reads that the registrar is not answering
# (PJSIP itself gives up on a REGISTER after 32 s, and tries again later).
REGISTRATION_WAIT_S = 5.0
_RINGING = (ContactState.INCOMING, ContactState.CONNECTING)
_LIVE = (ContactState.CONNECTING, ContactState.CONNECTED, ContactState.ON_HOLD)
_DIALABLE = re.compile(r"^\+?[0-9*#]+$")
_DTMF = re.compile(r"^[0-9*#A-Da-d]+$")


@dataclass(slots=True)
class _Call:
    """What the connector knows of a contact's SIP call."""

    inbound: bool
    sip_call_id: str = ""
    received_at: float = 0.0
    ended_by_agent: bool = False
    rejected: bool = False
    transferred_to: str = ""


class SipConnector(Simulator):
    name = "sip"

    def __init__(
        self,
        settings: SipSettings,
        *,
        password: str = "",
        auth_user: str = "",
        agent: Agent | None = None,
        default_country: str = "US",
        null_audio: bool = False,
        registration_wait_s: float = REGISTRATION_WAIT_S,
    ) -> None:
        user = settings.user or "agent"
        super().__init__(agent or Agent(name=user, username=user, extension=user), default_country)
        self.settings = settings
        # "Phone: registered as agent1001", ... (shown beside the agent's status).
        self.phone_status = "Phone: starting…"
        self.phone_status_changed: Signal[[str]] = Signal()
        # (contact, words): a call's progress or end in words (ringing, busy, declined, transferred, ...).
        self.call_status: Signal[[Contact, str]] = Signal()
        self.address = ""  # host:port the phone listens on, once started
        self._calls: dict[str, _Call] = {}
        self._muted: set[str] = set()
        self._end_reasons: dict[str, str] = {}
        self._outbound_ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._registration_wait_s = registration_wait_s
        self._registration_overdue: asyncio.TimerHandle | None = None
        # Read by the PJSIP thread for every INVITE: a plain flag, recomputed on the loop.
        self._taking = False
        self._engine = SipEngine(
            settings,
            report=self._post,
            taking_calls=self._is_taking,
            password=password,
            auth_user=auth_user,
            null_audio=null_audio,
        )

    # -- running --------------------------------------------------------------------------------------

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Start the phone; its events are handled on `loop` (the running one by default)."""
        self._loop = loop or asyncio.get_running_loop()
        self._refresh_taking()
        self._engine.start()

    async def aclose(self) -> None:
        """Hang up, unregister and stop the phone (off the loop's thread: it waits for PJSIP)."""
        self._stop_waiting_for_registrar()
        await asyncio.to_thread(self._engine.stop)

    def stop(self) -> None:
        self._stop_waiting_for_registrar()
        self._engine.stop()

    # -- what views read ------------------------------------------------------------------------------

    def is_muted(self, contact_id: str) -> bool:
        return contact_id in self._muted

    def end_reason(self, contact_id: str) -> str:
        return self._end_reasons.get(contact_id, "")

    def sip_call_id(self, contact_id: str) -> str:
        call = self._calls.get(contact_id)
        return call.sip_call_id if call else ""

    def received_at(self, contact_id: str) -> float:
        """When PJSIP handed the INVITE over (time.time()), for the benchmark."""
        call = self._calls.get(contact_id)
        return call.received_at if call else 0.0

    def call_operations(self) -> frozenset[str]:
        """The call controls this connector offers beyond the simulator's."""
        return frozenset({"reject", "mute", "send_dtmf", "transfer"})

    # -- the agent's operations --------------------------------------------------------------------------

    def offer(self, *args: Any, **kwargs: Any) -> Contact:
        raise TelephonyError(
            "With the SIP phone, calls come from the phone system: there is nothing to simulate."
        )

    def accept(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, _RINGING, "accepted")
        self._ask(contact, partial(self._engine.answer, contact_id, OK), "could not be answered")
        return contact

    def connect(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, (ContactState.CONNECTING,), "connected")
        raise TelephonyError(
            f"The call to {contact.phoneNumber} connects when it is answered at the other end."
        )

    def reject(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, _RINGING, "rejected")
        call = self._call(contact_id)
        if not call.inbound:
            raise TelephonyError("Only an incoming call can be rejected; hang up to end an outgoing one.")
        call.rejected = True
        self._ask(contact, partial(self._engine.hangup, contact_id, BUSY_HERE), "could not be rejected")
        return contact

    def hold(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, (ContactState.CONNECTED,), "put on hold")
        self._ask(contact, partial(self._engine.hold, contact_id), "could not be put on hold")
        return contact

    def resume(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, (ContactState.ON_HOLD,), "resumed")
        self._ask(contact, partial(self._engine.resume, contact_id), "could not be resumed")
        return contact

    def hang_up(self, contact_id: str) -> Contact:
        contact = self._require(contact_id, _LIVE, "hung up")
        call = self._call(contact_id)
        call.ended_by_agent = True
        if call.inbound and contact.state in _RINGING:
            call.rejected = True
            self._ask(contact, partial(self._engine.hangup, contact_id, BUSY_HERE), "could not be rejected")
        else:
            self._ask(contact, partial(self._engine.hangup, contact_id, 0), "could not be hung up")
        return contact

    def mute(self, contact_id: str) -> Contact:
        return self._set_muted(contact_id, True)

    def unmute(self, contact_id: str) -> Contact:
        return self._set_muted(contact_id, False)

    def send_dtmf(self, contact_id: str, digits: str) -> Contact:
        contact = self._require(contact_id, (ContactState.CONNECTED,), "sent tones")
        digits = digits.strip().replace(" ", "")
        if not _DTMF.match(digits):
            raise TelephonyError(f"{digits!r} cannot be sent as tones: use 0-9, *, # and A-D.")
        self._ask(contact, partial(self._engine.dtmf, contact_id, digits), "could not send the tones")
        return contact

    def transfer(self, contact_id: str, target: str) -> Contact:
        """Blind transfer (REFER): the call is handed to `target`; this leg ends once it is taken."""
        contact = self._require(contact_id, (ContactState.CONNECTED, ContactState.ON_HOLD), "transferred")
        number = self._dialable(target)
        self._call(contact_id).transferred_to = number
        self.call_status.emit(contact, f"Transferring the call to {number}…")
        self._ask(
            contact,
            partial(self._engine.transfer, contact_id, self.settings.target_uri(number)),
            f"could not be transferred to {number}",
        )
        return contact

    async def dial(self, phone_number: str, queue_arn: str = "") -> Contact:  # type: ignore[override]
        """An outbound call (INVITE); the contact rings (onConnecting) until answered or refused."""
        number = self._dialable(phone_number)
        busy = [c for c in self._contacts.values() if c.state in (*_RINGING, ContactState.CONNECTED)]
        if busy:
            raise TelephonyError(
                f"You are on another call ({busy[0].phoneNumber or busy[0].contactId}): end it or put it "
                "on hold before dialling."
            )
        contact_id = f"sip-out-{next(self._outbound_ids)}"
        contact = Contact(
            contactId=contact_id,
            type="voice",
            phoneNumber=number,
            isInbound=False,
            state=ContactState.CONNECTING,
            queueARN=queue_arn,
            defaultCountry=self.default_country,
        )
        self._calls[contact_id] = _Call(inbound=False)
        self._add(contact)
        self._emit(contact, "onConnecting")
        self.call_status.emit(contact, f"Calling {number}…")
        try:
            await asyncio.wrap_future(
                self._engine.submit(
                    partial(self._engine.make_call_as, contact_id, self.settings.target_uri(number))
                )
            )
        except SipOperationError as exc:
            self._end(contact, f"Call to {number} could not be placed: {exc}.")
            raise TelephonyError(f"The call to {number} could not be placed: {exc}.") from exc
        return contact

    def set_agent_status(self, status: str) -> Agent:
        agent = super().set_agent_status(status)
        self._refresh_taking()
        return agent

    # -- events from the PJSIP thread -------------------------------------------------------------------

    def _post(self, event: SipEvent) -> None:
        """On the PJSIP thread: hand the event to the loop, and nothing else."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        # A loop closed meanwhile means the app is going away: nobody needs the event.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._handle, event)

    def _handle(self, event: SipEvent) -> None:
        """On the loop: one event from the phone."""
        if isinstance(event, Incoming):
            self._incoming(event)
        elif isinstance(event, CallState):
            self._call_state(event)
        elif isinstance(event, MediaState):
            self._media_state(event)
        elif isinstance(event, TransferStatus):
            self._transfer_status(event)
        elif isinstance(event, Registration):
            self._stop_waiting_for_registrar()
            user = self.settings.user or "agent"
            self._set_phone_status(
                words.registration(event.code, event.reason, event.active, user, self.settings.registrar)
            )
        elif isinstance(event, Started):
            self.address = event.address
            if self.settings.registrar:
                self._set_phone_status(f"Phone: registering as {self.settings.user or 'agent'}…")
                loop = self._loop or asyncio.get_running_loop()
                self._registration_overdue = loop.call_later(
                    self._registration_wait_s, self._registrar_not_answering
                )
            else:
                self._set_phone_status(f"Phone: ready on {event.address}")
        elif isinstance(event, EngineFailed):
            self._set_phone_status(f"Phone: {event.message}")

    def _incoming(self, event: Incoming) -> None:
        details = invite_details(
            event.message, self.settings.queue_header, self.settings.attribute_header_prefix
        )
        if not self._taking:
            # The agent stopped taking calls between the INVITE and now.
            self._engine.submit(partial(self._engine.hangup, event.key, BUSY_HERE))
            return
        self._calls[event.key] = _Call(
            inbound=True, sip_call_id=details.call_id, received_at=event.received_at
        )
        contact = Contact(
            contactId=event.key,
            type="voice",
            phoneNumber=details.caller,
            queueName=details.queue,
            isInbound=True,
            state=ContactState.INCOMING,
            attributes=dict(details.attributes),
            defaultCountry=self.default_country,
        )
        self._add(contact)
        self._emit(contact, "onIncoming")
        # It rings on the next turn of the loop: the window paints the new contact in between, so an
        # arriving call never holds the loop for all of its work at once.
        asyncio.get_running_loop().call_soon(self._ringing, contact)

    def _ringing(self, contact: Contact) -> None:
        if self._contacts.get(contact.contactId) is not contact or contact.state != ContactState.INCOMING:
            return  # missed or taken meanwhile
        self._move(contact, ContactState.CONNECTING, "onConnecting")
        if self.settings.auto_answer:
            self.accept(contact.contactId)

    def _call_state(self, event: CallState) -> None:
        contact = self._contacts.get(event.key)
        call = self._calls.get(event.key)
        if contact is None or call is None:
            return
        if event.state == "early" and not call.inbound and event.code in (180, 183):
            self.call_status.emit(contact, f"Ringing {contact.phoneNumber}…")
        elif event.state == "confirmed" and contact.state in _RINGING:
            if call.inbound:
                self._emit(contact, "onAccepted")
            # The contacts list shows it connected: words are kept for what the list cannot say.
            self._move(contact, ContactState.CONNECTED, "onConnected")
        elif event.state == "disconnected":
            self._disconnected(contact, call, event)

    def _disconnected(self, contact: Contact, call: _Call, event: CallState) -> None:
        self._muted.discard(contact.contactId)
        number = contact.phoneNumber or "an unknown number"
        if call.inbound and contact.state in _RINGING:
            if call.rejected:
                reason = f"Call from {number} rejected."
            elif event.code == 487:
                reason = f"Missed call from {number}: the caller hung up before it was answered."
            else:
                reason = f"Call from {number} failed: {event.code} {event.reason}."
            self._end_reasons[contact.contactId] = reason
            self.call_status.emit(contact, reason)
            self.miss(contact.contactId)  # onMissed, and the contact leaves, as a missed call does
            self._calls.pop(contact.contactId, None)
            self._refresh_taking()
            return
        if contact.state not in _LIVE:
            return
        if not call.inbound and contact.state == ContactState.CONNECTING:
            reason = words.outbound_failure(number, 487 if call.ended_by_agent else event.code, event.reason)
        elif call.transferred_to:
            reason = f"Call transferred to {call.transferred_to}."
        elif call.ended_by_agent:
            reason = f"You hung up the call with {number}."
        else:
            reason = f"{number} hung up."
        self._end(contact, reason)

    def _media_state(self, event: MediaState) -> None:
        contact = self._contacts.get(event.key)
        if contact is None:
            return
        if event.held and contact.state == ContactState.CONNECTED:
            self._move(contact, ContactState.ON_HOLD, "onRefresh")
        elif not event.held and contact.state == ContactState.ON_HOLD:
            self._move(contact, ContactState.CONNECTED, "onRefresh")

    def _transfer_status(self, event: TransferStatus) -> None:
        contact = self._contacts.get(event.key)
        call = self._calls.get(event.key)
        if contact is None or call is None or not event.final:
            return
        if not 200 <= event.code < 300:
            target = call.transferred_to
            call.transferred_to = ""
            self.call_status.emit(
                contact,
                f"The transfer to {target} failed ({event.code} {event.reason}); the call stays with you.",
            )

    # -- internals --------------------------------------------------------------------------------------

    def _end(self, contact: Contact, reason: str) -> None:
        self._end_reasons[contact.contactId] = reason
        self._move(contact, ContactState.ENDED, "onEnded")
        self.call_status.emit(contact, reason)

    def _call(self, contact_id: str) -> _Call:
        call = self._calls.get(contact_id)
        if call is None:
            raise TelephonyError(f"Contact {contact_id} is not a phone call.")
        return call

    def _ask(self, contact: Contact, operation: Any, failure: str) -> None:
        """Run an operation on the PJSIP thread; a refusal reaches the agent in words."""
        future = asyncio.wrap_future(self._engine.submit(operation), loop=self._loop)

        def done(finished: asyncio.Future[Any]) -> None:
            exc = finished.exception()
            if exc is not None:
                self.call_status.emit(
                    contact, f"The call with {contact.phoneNumber or 'the caller'} {failure}: {exc}."
                )

        future.add_done_callback(done)

    def _set_muted(self, contact_id: str, muted: bool) -> Contact:
        contact = self._require(contact_id, (ContactState.CONNECTED, ContactState.ON_HOLD), "muted")
        if muted:
            self._muted.add(contact_id)
        else:
            self._muted.discard(contact_id)
        self._ask(contact, partial(self._engine.mute, contact_id, muted), "could not be muted")
        self.contact_updated.emit(contact)
        return contact

    def _dialable(self, text: str) -> str:
        number = re.sub(r"[\s\-.()/]", "", (text or "").strip())
        if not number:
            raise TelephonyError("There is no phone number to dial.")
        if number.startswith(("sip:", "sips:")):
            return number
        if not _DIALABLE.match(number):
            raise TelephonyError(f"{text!r} is not a number that can be dialled (digits, +, * and # only).")
        return number

    def _is_taking(self) -> bool:
        return self._taking

    def _refresh_taking(self) -> None:
        """Calls are offered only to an Available agent who is on no other call."""
        on_a_call = any(c.is_active for c in self._contacts.values())
        self._taking = self._agent.is_routable and not on_a_call

    def _add(self, contact: Contact) -> None:
        super()._add(contact)
        self._refresh_taking()

    def _remove(self, contact: Contact) -> None:
        super()._remove(contact)
        self._calls.pop(contact.contactId, None)
        self._refresh_taking()

    def _move(self, contact: Contact, state: str, event: str) -> None:
        contact.state = state
        self._refresh_taking()
        self.contact_updated.emit(contact)
        self._emit(contact, event)

    def _set_agent_state(self, state: str) -> None:
        super()._set_agent_state(state)
        self._refresh_taking()

    def _registrar_not_answering(self) -> None:
        """No answer to the REGISTER yet: say so, while PJSIP keeps trying."""
        self._registration_overdue = None
        self._set_phone_status(words.registrar_not_answering(self.settings.registrar))

    def _stop_waiting_for_registrar(self) -> None:
        if self._registration_overdue is not None:
            self._registration_overdue.cancel()
            self._registration_overdue = None

    def _set_phone_status(self, text: str) -> None:
        if text != self.phone_status:
            self.phone_status = text
            log.info("%s", text)
            self.phone_status_changed.emit(text)
