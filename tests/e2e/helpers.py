from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.1)


async def member_count(client: httpx.AsyncClient, branch: uuid.UUID | str, after: list[str]) -> dict[str, object]:
    answer = await client.get(f"/branches/{branch}/member-count", params={"after": after})
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body
