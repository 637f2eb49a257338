"""The telephony settings: which connector the app uses and, for the SIP phone, where it listens, the PBX
it registers with and which headers carry the queue and the contact's attributes.

Read from the `[telephony]` and `[telephony.sip]` tables of the settings files. The SIP password is never
a setting: it lives in the OS credential store (`cti-desktop credentials set sip --kind basic`).
"""

from __future__ import annotations

import re
from pathlib import Path
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
    # TLS only: the phone's certificate and its private key, PEM files (PJSIP's TLS transport listens
    # as well as connects, and a TLS listener needs both).
    tls_certificate: str = ""
    tls_private_key: str = ""
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

    @field_validator("tls_certificate", "tls_private_key")
    @classmethod
    def _path(cls, value: str) -> str:
        return value.strip()

    def tls_problem(self) -> str:
        """Why the TLS settings cannot work, in words ("" when they can, or the transport is not TLS)."""
        if self.transport != "tls":
            return ""
        problems = []
        for path, what, setting, marker in (
            (self.tls_certificate, "certificate", "tls_certificate", "CERTIFICATE-----"),
            (self.tls_private_key, "private key", "tls_private_key", "PRIVATE KEY-----"),
        ):
            if not path:
                problems.append(f"TLS needs the phone's {what}: set {setting} in [telephony.sip]")
                continue
            try:
                text = Path(path).expanduser().read_text(encoding="ascii", errors="replace")
            except FileNotFoundError:
                problems.append(f"the TLS {what} file {path} does not exist")
            except OSError as exc:
                problems.append(f"the TLS {what} file {path} cannot be read ({exc.strerror or exc})")
            else:
                if "-----BEGIN " not in text or marker not in text:
                    problems.append(f"the TLS {what} file {path} is not a PEM {what}")
        if problems:
            return "; ".join(problems)
        return _key_problem(self.tls_certificate, self.tls_private_key)

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


def _key_problem(certificate: str, private_key: str) -> str:
    """Whether the key is the certificate's and can be read without a passphrase (OpenSSL, through the
    standard library, reads both as PJSIP's OpenSSL will), in words; "" when it is."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        # A passphrase PJSIP would have no way to ask for: an empty one, so OpenSSL never prompts.
        context.load_cert_chain(
            str(Path(certificate).expanduser()), str(Path(private_key).expanduser()), password=lambda: ""
        )
    except ssl.SSLError as exc:
        if "KEY_VALUES_MISMATCH" in str(exc):
            return f"the TLS private key {private_key} is not the key of the certificate {certificate}"
        return (
            f"the TLS certificate {certificate} or its private key {private_key} cannot be used "
            f"(a damaged file, or a key protected by a passphrase): {exc.reason or exc}"
        )
    return ""


class TelephonySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    connector: Literal["simulator", "sip"] = "simulator"
    sip: SipSettings = SipSettings()
