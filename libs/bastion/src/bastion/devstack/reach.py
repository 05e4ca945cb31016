"""How browsers and phones reach the services of ``bastion dev``: what each service is told about the
others' addresses, and what is printed about reaching the public pages from a phone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bastion.addresses import EVERY_INTERFACE, is_loopback

if TYPE_CHECKING:
    from bastion.devstack.supervisor import DevStack

# Feedback's public pages (no sign-in): their address is printed in links and QR codes.
PUBLIC_PAGES_SERVICE = "feedback"
PUBLIC_BASE_URL = "FEEDBACK_PUBLIC_BASE_URL"


def public_pages_environment(urls: Mapping[str, str]) -> dict[str, str]:
    """The public pages are where feedback is reached (``BASTION_DEV_HOST=0.0.0.0``: the machine's network
    address, which a phone opens). A FEEDBACK_PUBLIC_BASE_URL of the operator's wins (it comes later)."""
    if PUBLIC_PAGES_SERVICE not in urls:
        return {}
    return {PUBLIC_BASE_URL: urls[PUBLIC_PAGES_SERVICE]}


def dashboard_environment(urls: Mapping[str, str]) -> dict[str, str]:
    """Scoring serves the dashboard, whose page calls every service: scoring is told where they are, and
    they allow its origin (CORS). Variables the operator set win (they come later in the environment)."""
    if "scoring" not in urls:
        return {}
    return {
        "CORS_ALLOWED_ORIGINS": json.dumps([urls["scoring"]]),
        "SCORING_DASHBOARD_SERVICES": json.dumps(dict(urls)),
    }


def public_pages_lines(stack: DevStack) -> list[str]:
    feedback = stack.services.get(PUBLIC_PAGES_SERVICE)
    if feedback is None:
        return []
    public = feedback.environment.get(PUBLIC_BASE_URL, feedback.url).rstrip("/")
    lines = [
        f"  Public pages {public}/p/<code>  (a branch's code, link and QR code: "
        f"{feedback.url}/branches/<branch id>/public-channel)"
    ]
    host = urlsplit(public).hostname or ""
    if is_loopback(host):
        lines.append(
            "  From a phone: 127.0.0.1 is this machine only. For phones on the same network, start with "
            "BASTION_DEV_HOST=0.0.0.0 make run: the addresses, links and QR codes then carry this machine's "
            "network address."
        )
    elif feedback.settings.http_host in EVERY_INTERFACE:
        lines.append(
            f"  From a phone on the same network: open that address (a firewall must let port "
            f"{feedback.settings.port} in). The APIs listen on the network too; each wants a token."
        )
    return lines
