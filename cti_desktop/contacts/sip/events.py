"""What the PJSIP thread reports to the asyncio loop: plain, immutable data, so nothing of PJSIP's
crosses threads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Started:
    """The phone listens (`address` as host:port) and, when it registers, has sent its REGISTER."""

    address: str


@dataclass(frozen=True, slots=True)
class EngineFailed:
    message: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """An INVITE was offered to the agent and answered 180 Ringing."""

    key: str
    message: str  # the request's text, for the headers
    received_at: float  # time.time() when PJSIP handed it over


@dataclass(frozen=True, slots=True)
class CallState:
    """A call's dialog moved: `state` is calling, early (ringing), connecting, confirmed or disconnected."""

    key: str
    state: str
    code: int
    reason: str


@dataclass(frozen=True, slots=True)
class MediaState:
    key: str
    held: bool


@dataclass(frozen=True, slots=True)
class TransferStatus:
    key: str
    code: int
    reason: str
    final: bool


@dataclass(frozen=True, slots=True)
class Registration:
    code: int
    reason: str
    active: bool


SipEvent: TypeAlias = (
    Started | EngineFailed | Incoming | CallState | MediaState | TransferStatus | Registration
)
