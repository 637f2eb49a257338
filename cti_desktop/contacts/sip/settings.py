"""The telephony settings: which connector the app uses and, for the SIP phone, where it listens, the PBX
it registers with and which headers carry the queue and the contact's attributes.

Read from the `[telephony]` and `[telephony.sip]` tables of the settings files. The SIP password is never
a setting: it lives in the OS credential store (`cti-desktop credentials set sip --kind basic`).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

# The name of the credential (in the OS credential store) that holds the SIP user name and password.
CREDENTIAL_NAME = "sip"

_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+):(?P<port>\d{1,5})$")
_TOKEN = re.compile(r"^[A-Za-z0-9\-_.!%*+`'~]+$")


def split_host_port(value: str) -> tuple[str, int]:
    """`0.0.0.0:5060` -> ("0.0.0.0", 5060); raises ValueError in words."""
    match = _HOST_PORT.match(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not an address and port such as 0.0.0.0:5060")
    port = int(match["port"])
    if port > 65535:
        raise ValueError(f"{port} is not a port number (0 to 65535)")
    return match["host"].strip("[]"), port


class SipSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Where the phone listens for SIP (port 0: any free port).
    listen: str = "0.0.0.0:5060"
    # The PBX to register with (sip:pbx.example.com, or host[:port]); empty: no registration, the phone
    # only answers calls sent straight to it and dials through `domain`.
    registrar: str = ""
    user: str = ""
    domain: str = ""
    transport: Literal["udp", "tcp", "tls"] = "udp"
    # The header a PBX puts the queue's name in, and the prefix of headers that become attributes
    # (X-CTI-caseNumber: 42 -> the attribute caseNumber).
    queue_header: str = "X-Queue"
    attribute_header_prefix: str = "X-CTI-"
    # Answer every offered call at once (hands-free seats, the benchmark).
    auto_answer: bool = False

    @field_validator("listen")
    @classmethod
    def _address(cls, value: str) -> str:
        split_host_port(value)
        return value.strip()

    @field_validator("queue_header", "attribute_header_prefix")
    @classmethod
    def _header_name(cls, value: str) -> str:
        value = value.strip()
        if value and not _TOKEN.match(value):
            raise ValueError(f"{value!r} is not a SIP header name (letters, digits and -)")
        return value

    @field_validator("user")
    @classmethod
    def _user(cls, value: str) -> str:
        value = value.strip()
        if any(c in value for c in ' <>@:"') or any(ord(c) < 32 for c in value):
            raise ValueError(f"{value!r} is not a SIP user name (no spaces, @, : or <>)")
        return value

    @field_validator("registrar", "domain")
    @classmethod
    def _host(cls, value: str) -> str:
        value = value.strip()
        if any(c in value for c in ' <>"') or any(ord(c) < 32 for c in value):
            raise ValueError(f"{value!r} is not a host name or SIP address")
        return value

    def registrar_uri(self) -> str:
        """The registrar as a SIP URI ("" when the phone does not register)."""
        if not self.registrar:
            return ""
        uri = self.registrar if self.registrar.startswith(("sip:", "sips:")) else f"sip:{self.registrar}"
        return self._with_transport(uri)

    def home_domain(self) -> str:
        """The domain of the agent's address: `domain`, else the registrar's host, else the listen host."""
        if self.domain:
            return self.domain
        if self.registrar:
            return self.registrar.removeprefix("sips:").removeprefix("sip:").split(";")[0]
        host, _port = split_host_port(self.listen)
        return "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - a wildcard, read only

    def account_uri(self) -> str:
        user = self.user or "agent"
        return f"sip:{user}@{self.home_domain()}"

    def target_uri(self, number: str) -> str:
        """The SIP address a dialled number is called at."""
        if number.startswith(("sip:", "sips:")):
            return number
        return self._with_transport(f"sip:{number}@{self.home_domain()}")

    def _with_transport(self, uri: str) -> str:
        if self.transport == "udp" or ";transport=" in uri:
            return uri
        return f"{uri};transport={self.transport}"


class TelephonySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    connector: Literal["simulator", "sip"] = "simulator"
    sip: SipSettings = SipSettings()
