"""Which hosts an HTTP Request block may reach (docs/flows.md, "HTTP Request": "Hosts a flow may reach").

IT may list the hosts in the machine's settings (`http_allowed_hosts`); then only those are reached.
Whether listed or not, an address that is link-local (169.254.0.0/16, fe80::/10: where clouds serve
instance metadata and credentials) or a known metadata address is refused unless its host is listed by
name. The check is made on the addresses the host name resolves to, not only on its text, so a name
pointing at 169.254.169.254 is refused too.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

# Instance-metadata addresses outside the link-local ranges (AWS's IPv6 one, Alibaba Cloud's).
METADATA_ADDRESSES: Final = frozenset(
    {ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")}
)

# A name (labels of letters, digits and hyphens), an IPv4 or an IPv6 address; "*." before a name.
_PATTERN: Final = re.compile(r"(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def valid_host_pattern(pattern: str) -> bool:
    """A host name or address, optionally starting with "*." (any name below that domain)."""
    return _PATTERN.fullmatch(pattern) is not None and ".." not in pattern


def _plain(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def _address(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(_plain(host))
    except ValueError:
        return None


def is_forbidden_address(address: IpAddress) -> bool:
    """Link-local or a metadata address (an IPv4 address written as IPv6 counts as itself)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_link_local or address in METADATA_ADDRESSES


@dataclass(frozen=True, slots=True)
class HostPolicy:
    # Host names or addresses, or "*.domain" patterns; empty: any host but the forbidden addresses.
    allowed: tuple[str, ...] = ()

    @classmethod
    def of(cls, patterns: Iterable[str]) -> HostPolicy:
        return cls(tuple(_plain(pattern) for pattern in patterns))

    def listed(self, host: str) -> bool:
        host = _plain(host)
        for pattern in self.allowed:
            if pattern.startswith("*."):
                if host.endswith(pattern[1:]):
                    return True
            elif host == pattern:
                return True
        return False

    async def refusal(self, host: str, port: int) -> str:
        """Why a request to this host is refused, in words; "" when it may be made. A name that does
        not resolve is left to the request, which then fails in its own words."""
        if self.listed(host):
            return ""
        if self.allowed:
            return (
                f"the host '{_plain(host)}' is not among the hosts this machine allows flows to reach "
                "(http_allowed_hosts in the machine settings)"
            )
        for address in await _addresses(host, port):
            if is_forbidden_address(address):
                return (
                    f"the host '{_plain(host)}' is a link-local or cloud metadata address ({address}); "
                    "requests there are refused unless IT lists the host in http_allowed_hosts "
                    "in the machine settings"
                )
        return ""


async def _addresses(host: str, port: int) -> list[IpAddress]:
    literal = _address(host)
    if literal is not None:
        return [literal]
    try:
        found = await asyncio.get_running_loop().getaddrinfo(_plain(host), port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    addresses: list[IpAddress] = []
    for *_, sockaddr in found:
        address = _address(str(sockaddr[0]).split("%", 1)[0])  # an IPv6 scope (fe80::1%eth0) dropped
        if address is not None:
            addresses.append(address)
    return addresses
