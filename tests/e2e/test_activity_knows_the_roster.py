"""Activity learns the roster from roster's events alone: who is expected at a branch's activity."""

from __future__ import annotations

import uuid

from activity.adapters.activity_repository import ActivityRepository
from activity.main import SERVICE as ACTIVITY
from activity.projections import CONSUMER_NAME
from bastion.testing import TestStack, running_service
from roster.main import SERVICE as ROSTER
from roster.testing import create_branch, create_org_unit, register


async def test_the_expected_list_follows_roster_events(stack: TestStack) -> None:
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
        running_service(ACTIVITY, await stack.settings_for(ACTIVITY)) as activity,
    ):
        branch = await create_branch(roster.http)
        group = await create_org_unit(roster.http, "party_group", "第一党小组", branch["id"])
        members = [await register(roster.http, branch["id"], name=f"党员{i}") for i in range(3)]
        applicant = await register(
            roster.http,
            branch["id"],
            stage="applicant",
            applied_on="2026-01-05",
            probationary_on=None,
            birth_date="2000-01-01",
        )
        grouped = await roster.http.put(f"/members/{members[0]['id']}/group", json={"group_id": group["id"]})
        gone = await roster.http.post(
            f"/members/{members[2]['id']}/status",
            json={"status": "transferred_out", "changed_on": "2026-02-01", "reason": "调离"},
        )
        written = [
            *branch["event_ids"],
            *group["event_ids"],
            *applicant["event_ids"],
            *grouped.json()["event_ids"],
            *gone.json()["event_ids"],
            *(e for m in members for e in m["event_ids"]),
        ]
        consumption = await activity.http.get("/consumption", params={"after": written, "wait_seconds": 10})
        assert consumption.json() == {"applied": True, "consumers": {CONSUMER_NAME: True}}
        not_yet = await activity.http.get("/consumption", params={"after": [str(uuid.uuid4())], "wait_seconds": 0.1})
        assert not_yet.json()["applied"] is False

        day = await activity.http.post(
            "/activities",
            json={
                "kind": "theme_day",
                "organiser_id": branch["id"],
                "title": "主题党日",
                "place": "活动室",
                "planned_start": "2026-03-01T09:00:00",
            },
        )
        meeting = await activity.http.post(
            "/activities",
            json={
                "kind": "group_meeting",
                "organiser_id": group["id"],
                "title": "小组会",
                "place": "车间",
                "planned_start": "2026-03-02T09:00:00",
            },
        )
        async with activity.runtime.sessions() as session:
            expected_day = set(await ActivityRepository(session).expected(uuid.UUID(day.json()["id"])))
            expected_meeting = set(await ActivityRepository(session).expected(uuid.UUID(meeting.json()["id"])))

    assert day.status_code == 201, day.text
    assert expected_day == {uuid.UUID(members[0]["id"]), uuid.UUID(members[1]["id"])}, "not the applicant, not who left"
    assert expected_meeting == {uuid.UUID(members[0]["id"])}
    assert meeting.json()["branch_id"] == branch["id"]
