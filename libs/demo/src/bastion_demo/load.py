"""Load the demo organisation through the services' public APIs, as a user would."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx

from bastion_demo.organisation import COMMITTEE_NAME, DemoBranch, DemoMember, demo_branches

_CONCURRENCY = 8
_AFTER_PER_READ = 50
_SCORING_TIMEOUT_SECONDS = 60


async def load(urls: Mapping[str, str]) -> str:
    """Register every demo member; returns a summary for the console."""
    branches = demo_branches()
    async with httpx.AsyncClient(timeout=30) as client:
        limit = asyncio.Semaphore(_CONCURRENCY)
        tasks = [
            _register(client, limit, urls["roster"], branch, member) for branch in branches for member in branch.members
        ]
        event_ids = await asyncio.gather(*tasks)
        branch4 = branches[-1]
        await _wait_until_scored(client, f"{urls['scoring']}/branches/{branch4.id}/member-count", event_ids)
    lines = [f"Demo organisation: {COMMITTEE_NAME}, {len(branches)} branches, {len(event_ids)} members."]
    for branch in branches:
        lines.append(f"  {branch.name}  id {branch.id}  ({len(branch.members)} members)")
    lines.append(f"  Branch 4 in scoring: {urls['scoring']}/branches/{branch4.id}/member-count")
    return "\n".join(lines)


async def _wait_until_scored(client: httpx.AsyncClient, url: str, event_ids: list[str]) -> None:
    """Read-your-writes: ask scoring (which waits up to its bound each time) until it has every event."""
    deadline = asyncio.get_running_loop().time() + _SCORING_TIMEOUT_SECONDS
    pending = list(event_ids)
    while pending:
        chunk = pending[:_AFTER_PER_READ]
        answer = await client.get(url, params={"after": chunk})
        answer.raise_for_status()
        if answer.json()["includes_requested_events"]:
            pending = pending[_AFTER_PER_READ:]
        elif asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"scoring has not applied the demo events after {_SCORING_TIMEOUT_SECONDS} s")


async def _register(
    client: httpx.AsyncClient, limit: asyncio.Semaphore, roster: str, branch: DemoBranch, member: DemoMember
) -> str:
    async with limit:
        response = await client.post(
            f"{roster}/members",
            json={
                "name": member.name,
                "birth_date": member.birth_date.isoformat(),
                "education": member.education.value,
                "branch_id": str(branch.id),
            },
        )
        response.raise_for_status()
        event_id: str = response.json()["event_id"]
        return event_id
