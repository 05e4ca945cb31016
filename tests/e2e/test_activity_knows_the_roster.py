"""Activity learns the roster from roster's events alone: who is expected at a branch's activity."""

from __future__ import annotations

import uuid

from activity.adapters.activity_repository import ActivityRepository
from activity.main import SERVICE as ACTIVITY
from activity.projections import CONSUMER_NAME
from bastion.testing import TestStack, running_service
from roster.main import SERVICE as ROSTER
from tests.support.roster import create_branch, create_org_unit, register


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
        assert consumption.json()["applied"] is True
        assert consumption.json()["consumers"] == {CONSUMER_NAME: True}
        assert set(consumption.json()["events"].values()) == {"applied"}
        not_yet = await activity.http.get("/consumption", params={"after": [str(uuid.uuid4())], "wait_seconds": 0.1})
        assert not_yet.json()["applied"] is False
        assert list(not_yet.json()["events"].values()) == ["pending"]

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


async def test_an_event_activity_never_consumes_is_answered_not_consumed_not_pending(stack: TestStack) -> None:
    """A dues payment concerns scoring, not activity: given its type, activity says at once that it will
    never apply it, and still waits for a roster change it does apply. Without the type it says so too,
    once it has read everything on its topics during the wait without meeting it; a wait too short to tell
    leaves it pending."""
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
        running_service(ACTIVITY, await stack.settings_for(ACTIVITY)) as activity,
    ):
        branch = await create_branch(roster.http)
        member = await register(roster.http, branch["id"])
        paid = await roster.http.post(f"/members/{member['id']}/dues", json={"month": "2025-01", "amount": "12.50"})
        assert paid.status_code == 201, paid.text
        dues, registered = paid.json()["event_ids"][0], member["event_ids"][0]
        both = {
            "after": [dues, registered],
            "type": ["bastion.roster.dues.paid.v1", "bastion.roster.member.registered.v1"],
            "wait_seconds": 10,
        }
        typed = (await activity.http.get("/consumption", params=both)).json()
        untyped = (await activity.http.get("/consumption", params={"after": [dues], "wait_seconds": 3})).json()
        too_short = await activity.http.get("/consumption", params={"after": [dues], "wait_seconds": 0.2})
        mismatched = await activity.http.get("/consumption", params={"after": [dues], "type": both["type"]})

    assert typed == {
        "applied": True,
        "events": {dues: "not_consumed", registered: "applied"},
        "consumers": {CONSUMER_NAME: True},
    }
    assert untyped == {"applied": True, "events": {dues: "not_consumed"}, "consumers": {CONSUMER_NAME: True}}
    assert too_short.json()["events"] == {dues: "pending"}, "in 0.2 s it cannot tell never from not yet"
    assert mismatched.status_code == 422
    assert "一一对应" in mismatched.json()["message"]
