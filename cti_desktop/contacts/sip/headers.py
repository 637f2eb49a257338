"""What an inbound INVITE tells about the contact: the caller's number, the queue and the attributes.

PJSIP parses and answers the message; it hands the application the request's text, from which these few
header values are read (names compared without case, folded lines joined, compact forms understood).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

# RFC 3261 compact header names this module reads.
_COMPACT = {"f": "from", "i": "call-id"}
_URI_IN_BRACKETS = re.compile(r"<([^>]*)>")


@dataclass(frozen=True, slots=True)
class InviteDetails:
    caller: str
    queue: str
    attributes: dict[str, str] = field(default_factory=dict)
    call_id: str = ""


def parse_headers(message: str) -> list[tuple[str, str]]:
    """The headers of a SIP message as (name, value) pairs, in order; a line folded onto the next
    (starting with a space or tab) is joined."""
    head = re.split(r"\r?\n\r?\n", message, maxsplit=1)[0]
    lines = re.split(r"\r?\n", head)[1:]  # the first line is the request or status line
    headers: list[tuple[str, str]] = []
    for line in lines:
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        if colon:
            headers.append((name.strip(), value.strip()))
    return headers


def header_values(headers: list[tuple[str, str]], name: str) -> list[str]:
    wanted = name.lower()
    return [value for key, value in headers if _COMPACT.get(key.lower(), key.lower()) == wanted]


def _split_list(value: str) -> list[str]:
    """A header value holding several addresses separated by commas (outside quotes and brackets)."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(value):
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "<":
            depth += 1
        elif not quoted and char == ">":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return [part.strip() for part in parts if part.strip()]


def uri_of(address: str) -> str:
    """The URI of a name-addr (`"Jane" <sip:+1206@pbx>;tag=1`) or an addr-spec (`sip:1001@pbx;tag=1`)."""
    match = _URI_IN_BRACKETS.search(address)
    if match is not None:
        return match.group(1).strip()
    return address.split(";", 1)[0].strip()


def number_of(uri: str) -> str:
    """The number or user a URI names: `tel:+12065550100;phone-context=x` -> `+12065550100`,
    `sip:1001@pbx.example.com` -> `1001`."""
    scheme, colon, rest = uri.partition(":")
    if not colon:
        return unquote(uri.strip())
    scheme = scheme.lower()
    if scheme == "tel":
        return unquote(rest.split(";", 1)[0]).strip()
    if scheme in ("sip", "sips"):
        user_host = rest.split("?", 1)[0]
        user = user_host.split("@", 1)[0] if "@" in user_host else ""
        return unquote(user.split(";", 1)[0]).strip()
    return unquote(rest).strip()


def caller_number(headers: list[tuple[str, str]]) -> str:
    """Who calls: the identity the PBX asserts (P-Asserted-Identity, a tel: URI first), else From."""
    asserted = [
        uri_of(a) for value in header_values(headers, "p-asserted-identity") for a in _split_list(value)
    ]
    asserted.sort(key=lambda uri: not uri.lower().startswith("tel:"))
    for uri in asserted:
        number = number_of(uri)
        if number:
            return number
    for value in header_values(headers, "from"):
        number = number_of(uri_of(value))
        if number:
            return number
    return ""


def invite_details(message: str, queue_header: str, attribute_prefix: str) -> InviteDetails:
    """The caller, queue and attributes of an INVITE, read as the settings say."""
    headers = parse_headers(message)
    queue = next(iter(header_values(headers, queue_header)), "") if queue_header else ""
    attributes: dict[str, str] = {}
    prefix = attribute_prefix.lower()
    if prefix:
        for name, value in headers:
            if name.lower().startswith(prefix) and len(name) > len(prefix):
                attributes[name[len(prefix) :]] = unquote(value)
    call_id = next(iter(header_values(headers, "call-id")), "")
    return InviteDetails(caller_number(headers), unquote(queue), attributes, call_id)
