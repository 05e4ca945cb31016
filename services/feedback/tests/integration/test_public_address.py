"""A branch's public link and QR code carry the address feedback really runs on (FEEDBACK_HTTP_PORT), not
the default port."""

from __future__ import annotations

import io

import pytest
import segno

from bastion.devstack import free_port
from bastion.testing import TestStack, running_service
from feedback.main import SERVICE
from tests.support.feedback import seed_branch


def qr_svg(text: str) -> str:
    """The SVG the channel serves for ``text`` (its rendering options): equal SVGs encode equal text."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=8)
    return buffer.getvalue().decode()


async def test_the_link_and_the_qr_code_carry_the_port_feedback_runs_on(
    stack: TestStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.delenv("FEEDBACK_PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("FEEDBACK_HTTP_PORT", str(port))
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as feedback:
        branch = await seed_branch(feedback.runtime)
        channel = (await feedback.http.get(f"/branches/{branch.branch_id}/public-channel")).json()
        qr = await feedback.http.get(channel["qr_code_url"])

    page = f"http://127.0.0.1:{port}/p/{channel['code']}"
    assert channel["url"] == page
    assert qr.text == qr_svg(page)
    assert qr.text != qr_svg(f"http://127.0.0.1:8003/p/{channel['code']}"), "the comparison tells ports apart"
