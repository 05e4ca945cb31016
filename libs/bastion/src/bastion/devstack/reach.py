"""How browsers and phones reach the services of ``bastion dev`` through its one address (the proxy): what
the services are told about it, and what is printed about reaching the public pages from a phone."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bastion.addresses import EVERY_INTERFACE, is_loopback
from bastion.http.forwarded import api_prefix

if TYPE_CHECKING:
    from bastion.devstack.supervisor import DevStack

# Feedback's public pages (no sign-in): their address is printed in links and QR codes.
PUBLIC_PAGES_SERVICE = "feedback"
PUBLIC_BASE_URL = "FEEDBACK_PUBLIC_BASE_URL"


def public_pages_environment(proxy_url: str) -> dict[str, str]:
    """The public pages are printed (links, QR codes) at the one address, as production prints them at its
    proxy (``BASTION_DEV_HOST=0.0.0.0``: the machine's network address, which a phone opens). A
    FEEDBACK_PUBLIC_BASE_URL of the operator's wins (it comes later)."""
    return {PUBLIC_BASE_URL: proxy_url}


def dashboard_environment(services: Iterable[str]) -> dict[str, str]:
    """Scoring serves the dashboard, whose page calls every service's API where the one address serves it
    (``/api/<service>``): its own origin, so no CORS. Variables the operator set win (they come later)."""
    if "scoring" not in services:
        return {}
    return {"SCORING_DASHBOARD_SERVICES": json.dumps({name: api_prefix(name) for name in services})}


def public_pages_lines(stack: DevStack) -> list[str]:
    feedback = stack.services.get(PUBLIC_PAGES_SERVICE)
    if feedback is None or stack.proxy is None:
        return []
    public = feedback.environment.get(PUBLIC_BASE_URL, stack.proxy.url).rstrip("/")
    channel = f"{stack.proxy.url}{api_prefix(PUBLIC_PAGES_SERVICE)}/branches/<branch id>/public-channel"
    lines = [f"  Public pages {public}/p/<code>  (a branch's code, link and QR code: {channel})"]
    host = urlsplit(public).hostname or ""
    if is_loopback(host):
        lines.append(
            "  From a phone: 127.0.0.1 is this machine only. For phones on the same network, start with "
            "BASTION_DEV_HOST=0.0.0.0 make run: the addresses, links and QR codes then carry this machine's "
            "network address."
        )
    elif stack.proxy.host in EVERY_INTERFACE:
        lines.append(
            f"  From a phone on the same network: open that address (a firewall must let port "
            f"{stack.proxy.port} in). The services listen on the network too; their APIs want a token."
        )
    return lines
