"""PJSIP's account and call objects. Their callbacks run on the PJSIP thread (`endpoint.SipEngine`); each
turns what happened into a plain event (`events`) and hands it to the engine, which forwards it to the
asyncio loop. Nothing here touches the connector's contacts.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import TYPE_CHECKING

import pjsua2 as pj

from cti_desktop.contacts.sip.events import CallState, Incoming, MediaState, Registration, TransferStatus

if TYPE_CHECKING:
    from cti_desktop.contacts.sip.endpoint import SipEngine

log = logging.getLogger(__name__)

_STATES = {
    pj.PJSIP_INV_STATE_CALLING: "calling",
    pj.PJSIP_INV_STATE_INCOMING: "incoming",
    pj.PJSIP_INV_STATE_EARLY: "early",
    pj.PJSIP_INV_STATE_CONNECTING: "connecting",
    pj.PJSIP_INV_STATE_CONFIRMED: "confirmed",
    pj.PJSIP_INV_STATE_DISCONNECTED: "disconnected",
}


class PhoneCall(pj.Call):  # type: ignore[misc]
    def __init__(self, engine: SipEngine, account: pj.Account, key: str, call_id: int = -1) -> None:
        super().__init__(account, call_id)
        self.engine = engine
        self.key = key
        # A call refused at once (486: the agent is not taking calls) is never reported.
        self.silent = False
        self.audio: pj.AudioMedia | None = None
        self.muted = False

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        info = self.getInfo()
        state = _STATES.get(info.state, "unknown")
        if not self.silent:
            self.engine.report(CallState(self.key, state, int(info.lastStatusCode), str(info.lastReason)))
        if state == "disconnected":
            # The call object is no longer valid once this callback returns (PJSUA2's rule).
            self.engine.forget(self.key)

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        info = self.getInfo()
        held = False
        for index, media in enumerate(info.media):
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            held = media.status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
            if media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                self._connect_audio(index)
        if not self.silent:
            self.engine.report(MediaState(self.key, held))

    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        code = int(prm.statusCode)
        self.engine.report(TransferStatus(self.key, code, str(prm.reason), bool(prm.finalNotify)))
        if prm.finalNotify and 200 <= code < 300:
            # Blind transfer: once the other party took the call, this leg ends; after this callback,
            # so that the NOTIFY is answered before the BYE leaves.
            self.engine.submit(partial(self.engine.hangup_now, self.key, 0))

    def _connect_audio(self, index: int) -> None:
        """The agent's headset both ways (the null sound device in tests and benchmarks)."""
        try:
            self._wire(index)
        except pj.Error as exc:
            # The headset cannot be opened (unplugged, taken): the call goes on without audio rather
            # than without a media clock.
            log.warning("call %s: the sound device cannot be used (%s); no audio", self.key, exc.reason)
            try:
                self.engine.endpoint().audDevManager().setNullDev()
                self._wire(index)
            except pj.Error as again:
                log.warning("call %s: its audio could not be connected: %s", self.key, again.reason)

    def _wire(self, index: int) -> None:
        audio = self.getAudioMedia(index)
        manager = self.engine.endpoint().audDevManager()
        audio.startTransmit(manager.getPlaybackDevMedia())
        if not self.muted:
            manager.getCaptureDevMedia().startTransmit(audio)
        self.audio = audio

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if self.audio is None:
            return
        capture = self.engine.endpoint().audDevManager().getCaptureDevMedia()
        if muted:
            capture.stopTransmit(self.audio)
        else:
            capture.startTransmit(self.audio)


class PhoneAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, engine: SipEngine) -> None:
        super().__init__()
        self.engine = engine

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        received_at = time.time()
        key = self.engine.new_key()
        call = PhoneCall(self.engine, self, key, prm.callId)
        self.engine.keep(key, call)
        answer = pj.CallOpParam()
        if not self.engine.taking_calls():
            # Offline, or on another call: busy here, and the agent is not disturbed.
            call.silent = True
            answer.statusCode = pj.PJSIP_SC_BUSY_HERE
            call.answer(answer)
            return
        answer.statusCode = pj.PJSIP_SC_RINGING
        call.answer(answer)
        self.engine.report(Incoming(key, str(prm.rdata.wholeMsg), received_at))

    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        try:
            active = bool(self.getInfo().regIsActive)
        except pj.Error:
            active = False
        self.engine.report(Registration(int(prm.code), str(prm.reason), active))
