"""The thin slice, end to end: roster registers a member, scoring counts it."""

from __future__ import annotations

from bastion.testing import TestStack, running_service
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.support.roster import create_branch, member_body


async def test_registered_member_is_counted_in_its_branch(stack: TestStack) -> None:
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
        running_service(SCORING, await stack.settings_for(SCORING)) as scoring,
    ):
        branch, other_branch = (await create_branch(roster.http))["id"], (await create_branch(roster.http))["id"]
        event_ids = []
        for index, branch_id in enumerate([branch, branch, other_branch]):
            response = await roster.http.post("/members", json=member_body(branch_id, name=f"党员{index}"))
            assert response.status_code == 201, response.text
            event_ids.extend(response.json()["event_ids"])
        applicant = await roster.http.post(
            "/members",
            json=member_body(
                branch, stage="applicant", applied_on="2026-01-05", probationary_on=None, birth_date="2000-01-01"
            ),
        )
        event_ids.extend(applicant.json()["event_ids"])

        answer = await scoring.http.get(f"/branches/{branch}/member-count", params={"after": event_ids})

    assert answer.status_code == 200
    assert answer.json() == {"branch_id": str(branch), "member_count": 2, "includes_requested_events": True}
