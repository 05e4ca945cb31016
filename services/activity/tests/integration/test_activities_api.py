"""An activity's life through the API: plan, reschedule, hold, approve or return, cancel."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from activity.adapters.orm import activities
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from tests.support.activity import activity_body, hold, schedule, seed_branch


def later(**delta: float) -> str:
    return (datetime.now().astimezone() + timedelta(**delta)).isoformat()


def refused(answer: object, status: int, code: str) -> None:
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text  # type: ignore[attr-defined]


async def test_an_activity_goes_from_plan_to_approval_and_each_step_is_announced(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    planned = await schedule(
        activity.http,
        seeded.branch_id,
        "party_lesson",
        lecturer_id=seeded.members[0],
        host_id=seeded.members[1],
        recorder_id=seeded.members[2],
        agenda="一、学习；二、讨论",
        five_services=["serve_members", "serve_development"],
    )
    assert (planned["state"], planned["branch_id"], planned["organiser_kind"]) == (
        "planned",
        str(seeded.branch_id),
        "branch",
    )

    moved = await activity.http.post(
        f"/activities/{planned['id']}/reschedule",
        json={"planned_start": later(days=-2), "place": "大会议室", "reason": "与生产调度会冲突"},
    )
    held = await hold(activity.http, planned, resolutions="通过学习计划")
    returned = await activity.http.post(f"/activities/{planned['id']}/return", json={"reason": "记录不完整"})
    again = await hold(activity.http, planned, minutes="完整的会议记录")
    approved = await activity.http.post(f"/activities/{planned['id']}/approve", json={"approved_at": later(hours=-1)})

    assert moved.json()["place"] == "大会议室"
    assert held["state"] == "held"
    assert (returned.json()["state"], returned.json()["state_reason"]) == ("returned", "记录不完整")
    assert again["minutes"] == "完整的会议记录"
    assert approved.json()["state"] == "approved"
    assert approved.json()["approved_at"] is not None
    fetched = (await activity.http.get(f"/activities/{planned['id']}")).json()
    assert fetched == {k: v for k, v in approved.json().items() if k != "event_ids"}
    events = await outbox_events(activity.runtime.engine)
    lifecycle = [e.type.split(".")[3] for e in events if e.type.startswith("bastion.activity.activity.")]
    assert lifecycle == ["scheduled", "rescheduled", "held", "returned", "held", "approved"]
    assert all(e.subject == planned["id"] for e in events if e.type.startswith("bastion.activity.activity."))
    last = [e for e in events if e.type == "bastion.activity.activity.approved.v1"][-1]
    assert last.data["activity"]["lecturer_id"] == str(seeded.members[0])
    assert last.data["activity"]["five_services"] == ["serve_members", "serve_development"]


async def test_a_planned_activity_can_be_cancelled_and_then_nothing_else(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    planned = await schedule(activity.http, seeded.branch_id, planned_start=later(days=3))
    cancelled = await activity.http.post(f"/activities/{planned['id']}/cancel", json={"reason": "停产检修"})

    assert cancelled.json()["state"] == "cancelled"
    refused(
        await activity.http.post(f"/activities/{planned['id']}/held", json={"minutes": "x"}),
        409,
        "activity_not_planned",
    )
    refused(
        await activity.http.post(f"/activities/{planned['id']}/cancel", json={"reason": "再次"}),
        409,
        "activity_not_planned",
    )
    refused(
        await activity.http.post(
            f"/activities/{planned['id']}/reschedule", json={"planned_start": later(days=4), "reason": "x"}
        ),
        409,
        "activity_not_planned",
    )


async def test_steps_out_of_order_are_refused_and_write_nothing(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    future = await schedule(activity.http, seeded.branch_id, planned_start=later(days=2))
    past = await schedule(activity.http, seeded.branch_id)
    url = f"/activities/{past['id']}"
    events_before = len(await outbox_events(activity.runtime.engine))

    refused(
        await activity.http.post(f"/activities/{future['id']}/held", json={"minutes": "记录"}),
        422,
        "activity_in_future",
    )
    refused(await activity.http.post(f"{url}/approve"), 409, "activity_not_held")
    refused(await activity.http.post(f"{url}/return", json={"reason": "x"}), 409, "activity_not_held")
    refused(await activity.http.post(f"{url}/held", json={"minutes": "   "}), 422, "minutes_required")
    refused(
        await activity.http.post(f"{url}/held", json={"minutes": "x", "held_start": later(hours=2)}),
        422,
        "date_in_future",
    )

    assert (await activity.http.get(url)).json() == {k: v for k, v in past.items() if k != "event_ids"}
    assert (await activity.http.get(f"/activities/{future['id']}")).json()["state"] == "planned"
    assert len(await outbox_events(activity.runtime.engine)) == events_before

    held = await hold(activity.http, past)
    refused(await activity.http.post(f"{url}/approve", json={"approved_at": later(days=-3)}), 422, "date_order")
    refused(await activity.http.post(f"{url}/approve", json={"approved_at": later(hours=1)}), 422, "date_in_future")
    assert (await activity.http.get(url)).json()["state"] == held["state"] == "held"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "group_meeting"}, "wrong_organiser"),
        ({"kind": "party_lesson"}, "lecturer_required"),
        ({"kind": "themed_practice"}, "subtype_mismatch"),
        ({"subtype": "lean_management"}, "subtype_mismatch"),
        ({"kind": "mobile_service_post_shift"}, "service_post_mismatch"),
        ({"kind": "qc_project_session"}, "qc_project_mismatch"),
        ({"five_services": ["serve_everyone"]}, "unknown_five_services_tag"),
        ({"planned_end": later(days=-2)}, "date_order"),
        ({"host_id": uuid.uuid4()}, "unknown_member"),
        ({"expected_ids": [uuid.uuid4()]}, "unknown_member"),
        ({"organiser_id": uuid.uuid4()}, "unknown_org_unit"),
    ],
)
async def test_a_plan_that_does_not_fit_its_kind_is_refused(
    activity: ServiceClient, changes: dict[str, object], code: str
) -> None:
    seeded = await seed_branch(activity.runtime)
    before = await rows_written(activity.runtime.engine, activities)
    answer = await activity.http.post("/activities", json=activity_body(seeded.branch_id, **changes))

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == code
    assert await rows_written(activity.runtime.engine, activities) == before


async def test_group_meetings_belong_to_groups_and_branch_meetings_to_branches(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    group = next(iter(seeded.groups))
    meeting = await schedule(activity.http, group, "group_meeting")
    wrong = await activity.http.post("/activities", json=activity_body(group, "branch_assembly"))
    committee = await activity.http.post("/activities", json=activity_body(seeded.committee_id, "theme_day"))

    assert (meeting["organiser_kind"], meeting["branch_id"]) == ("party_group", str(seeded.branch_id))
    refused(wrong, 422, "wrong_organiser")
    refused(committee, 422, "wrong_organiser")


async def test_a_service_post_shift_needs_an_open_post_of_the_branch(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    other = await seed_branch(activity.runtime)
    shift = await schedule(
        activity.http, seeded.branch_id, "mobile_service_post_shift", service_post_id=seeded.service_post_id
    )
    foreign = await activity.http.post(
        "/activities",
        json=activity_body(seeded.branch_id, "mobile_service_post_shift", service_post_id=other.service_post_id),
    )

    assert shift["service_post_id"] == str(seeded.service_post_id)
    refused(foreign, 422, "unknown_service_post")


async def test_naive_times_are_the_organisations_local_time(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    planned = await schedule(activity.http, seeded.branch_id, planned_start="2026-03-05T14:30:00")
    assert planned["planned_start"] == "2026-03-05T06:30:00Z"


async def test_activities_are_listed_by_branch_kind_and_state(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    other = await seed_branch(activity.runtime)
    first = await schedule(activity.http, seeded.branch_id, "theme_day", planned_start=later(days=-10))
    await schedule(activity.http, seeded.branch_id, "committee_meeting", planned_start=later(days=-5))
    await schedule(activity.http, other.branch_id, "theme_day")
    await hold(activity.http, first)

    mine = (await activity.http.get("/activities", params={"branch_id": str(seeded.branch_id)})).json()
    held = (await activity.http.get("/activities", params={"branch_id": str(seeded.branch_id), "state": "held"})).json()
    days = (
        await activity.http.get("/activities", params={"kind": "theme_day", "branch_id": str(other.branch_id)})
    ).json()

    assert mine["total"] == 2
    assert [a["kind"] for a in mine["items"]] == ["committee_meeting", "theme_day"], "newest first"
    assert [a["id"] for a in held["items"]] == [first["id"]]
    assert days["total"] == 1
    assert (await activity.http.get(f"/activities/{uuid.uuid4()}")).status_code == 404
