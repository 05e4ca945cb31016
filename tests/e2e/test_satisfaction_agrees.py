"""One satisfaction index: on the demo organisation (four branches, a year of ratings of each branch, its
door-to-door visits and its members' service, loaded through the APIs of the four running services),
feedback's summary and scoring's assessment give every branch the same index for the year and for the
first quarter (domain.md §3: all the branch's ratings, pooled per respondent group, weighted 40/40/20).

Scoring's quarter is a year-to-date preview (1 January to the quarter's end), so the first quarter is the
one both services cover alike.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from bastion.clock import local_today
from bastion.testing import TestStack
from bastion_demo.api import Api
from bastion_demo.load import load
from bastion_demo.organisation import COMMITTEE_NAME
from tests.e2e.helpers import eventually
from tests.faults.services import running_services

DEMO_BRANCHES = ("一支部", "二支部", "三支部", "四支部")


async def scoring_satisfaction(scoring: Api, branch_id: str, query: dict[str, int], count: int) -> dict[str, Any]:
    """The satisfaction of a branch's assessment once scoring has applied as many ratings as feedback counts
    (it consumes feedback's events)."""
    found: dict[str, Any] = {}

    async def counted() -> bool:
        found.update((await scoring.get(f"/branches/{branch_id}/assessment", **query))["satisfaction"])
        return bool(found["count"] == count)

    await eventually(counted, 60, f"scoring counts {count} ratings of branch {branch_id} ({query})")
    return found


@pytest.mark.slow  # about two minutes: the demo organisation is a year of four branches
async def test_feedback_and_scoring_give_every_demo_branch_the_same_satisfaction_index(
    stack: TestStack, test_work_dir: Path
) -> None:
    async with running_services(stack, test_work_dir) as services:
        await asyncio.wait_for(load(services.urls, headers=services.admin), timeout=300)
        await services.drained("feedback", timeout=60)
        year = local_today(services.settings["feedback"].timezone).year
        async with httpx.AsyncClient(timeout=30, headers=services.admin) as client:
            roster, feedback, scoring = (Api(client, services.urls[name]) for name in ("roster", "feedback", "scoring"))
            [committee] = (await roster.get("/org-units", kind="party_committee", q=COMMITTEE_NAME))["items"]
            branches = await roster.all_pages("/org-units", parent_id=committee["id"], kind="branch")
            assert sorted(b["name"] for b in branches) == sorted(DEMO_BRANCHES)
            compared: list[tuple[str, str, Any, int]] = []
            for branch in branches:
                for period, quarter in ((f"{year}", {}), (f"{year}-Q1", {"quarter": 1})):
                    summary = await feedback.get(f"/branches/{branch['id']}/ratings/summary", period=period)
                    query = {"year": year, **quarter}
                    assessed = await scoring_satisfaction(scoring, branch["id"], query, summary["count"])
                    assert assessed["index"] == summary["satisfaction_index"], (branch["name"], period)
                    compared.append((branch["name"], period, summary["satisfaction_index"], summary["count"]))
    yearly = [(name, index, count) for name, period, index, count in compared if period == f"{year}"]
    assert all(index is not None and count >= 10 for _, index, count in yearly), yearly
