"""Load the demo organisation through the services' public APIs, as a user would."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx

from bastion_demo.organisation import COMMITTEE_NAME, DemoBranch, DemoMember, demo_branches

_CONCURRENCY = 8


async def load(urls: Mapping[str, str]) -> str:
    """Register every demo member; returns a summary for the console."""
    branches = demo_branches()
    async with httpx.AsyncClient(timeout=30) as client:
        limit = asyncio.Semaphore(_CONCURRENCY)
        tasks = [
            _register(client, limit, urls["roster"], branch, member)
            for branch in branches
            for member in branch.members
        ]
        event_ids = await asyncio.gather(*tasks)
        # Read-your-writes: wait until scoring has applied the last events before summarising.
        branch4 = branches[-1]
        answer = await client.get(
            f"{urls['scoring']}/branches/{branch4.id}/member-count", params={"after": event_ids[-20:]}
        )
        answer.raise_for_status()
    lines = [f"Demo organisation: {COMMITTEE_NAME}, {len(branches)} branches, {len(event_ids)} members."]
    for branch in branches:
        lines.append(f"  {branch.name}  id {branch.id}  ({len(branch.members)} members)")
    lines.append(f"  Branch 4 in scoring: {urls['scoring']}/branches/{branch4.id}/member-count")
    return "\n".join(lines)


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
