"""Where a service is reached, from where it listens.

A service listening on every interface (``0.0.0.0``) has no address to give anyone; the one to print in
links and QR codes is the machine's own on its network, which a phone on the same network can open.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

EVERY_INTERFACE = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names of "every interface", not a binding
# TEST-NET-1 (RFC 5737): documentation only, never answers. Connecting a UDP socket to it sends nothing; it
# only asks the kernel which interface the route out leaves by.
_ROUTE_PROBE = ("192.0.2.1", 9)


def network_address() -> str | None:
    """This machine's IPv4 address on its network (the interface of its default route); None without one."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_ROUTE_PROBE)
        address: str = probe.getsockname()[0]
        if not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":  # noqa: S104
            return address
    return None


def reachable_host(listen_host: str) -> str:
    """The host others use to reach a service listening on ``listen_host``."""
    if listen_host in EVERY_INTERFACE:
        return network_address() or "127.0.0.1"
    return listen_host


def http_url(host: str, port: int) -> str:
    """``http://host:port``, an IPv6 address in brackets."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (``127.0.0.1``, ``::1``, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
