"""The thin slice, end to end: roster registers a member, scoring counts it."""

from __future__ import annotations

import uuid

from bastion.testing import TestStack, running_service
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.e2e.helpers import member_body


async def test_registered_member_is_counted_in_its_branch(stack: TestStack) -> None:
    branch, other_branch = uuid.uuid4(), uuid.uuid4()
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
        running_service(SCORING, await stack.settings_for(SCORING)) as scoring,
    ):
        event_ids = []
        for index, branch_id in enumerate([branch, branch, other_branch]):
            response = await roster.http.post("/members", json=member_body(branch_id, f"党员{index}"))
            assert response.status_code == 201, response.text
            event_ids.append(response.json()["event_id"])

        answer = await scoring.http.get(f"/branches/{branch}/member-count", params={"after": event_ids})

    assert answer.status_code == 200
    assert answer.json() == {"branch_id": str(branch), "member_count": 2, "includes_requested_events": True}
