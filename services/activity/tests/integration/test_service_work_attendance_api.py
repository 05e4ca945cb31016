"""Service work records who took part; only meetings have an expected list (domain.md §3), through the API."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from activity.adapters.orm import activities, activity_expected, attendance_entries
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from tests.support.activity import activity_body, hold, schedule, seed_branch

RECORDED = "bastion.activity.attendance.recorded.v1"


def entry(member_id: uuid.UUID, state: str, **more: Any) -> dict[str, Any]:
    return {"member_id": str(member_id), "state": state, **more}


async def ok(answer: Any, status: int = 200) -> dict[str, Any]:
    response = await answer
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def refused(activity: ServiceClient, request: Any, status: int, code: str) -> str:
    """The request is refused with ``status`` and ``code`` and writes nothing; its Chinese message."""
    watched = (activities, activity_expected, attendance_entries)
    before = await rows_written(activity.runtime.engine, *watched)
    answer = await request
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text
    assert await rows_written(activity.runtime.engine, *watched) == before
    message: str = answer.json()["message"]
    return message


async def test_a_visit_has_only_its_participants_and_a_meeting_keeps_its_expected_list(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime, members=40)  # 四支部's size
    visitors = seeded.members[:3]
    visit = await schedule(activity.http, seeded.branch_id, "door_to_door_visit")
    theme_day = await schedule(activity.http, seeded.branch_id, "theme_day")
    sheet_of = f"/activities/{visit['id']}/attendance"

    before = await ok(activity.http.get(sheet_of))
    await ok(activity.http.put(sheet_of, json={"entries": [entry(m, "present") for m in visitors]}))
    await hold(activity.http, visit)
    await ok(
        activity.http.put(
            f"/activities/{theme_day['id']}/attendance", json={"entries": [entry(visitors[0], "present")]}
        )
    )
    await hold(activity.http, theme_day)

    after = await ok(activity.http.get(sheet_of))
    meeting = await ok(activity.http.get(f"/activities/{theme_day['id']}/attendance"))
    assert (before["expected_count"], before["people"]) == (0, [])
    assert (after["expected_count"], after["counts"]["absent"], after["counts"]["present"]) == (0, 0, 3)
    assert {line["member_id"] for line in after["people"]} == {str(m) for m in visitors}
    assert not any(line["expected"] for line in after["people"])
    # The theme day expects the 40 Party members: 1 present, the 39 others absent once it is held.
    assert (meeting["expected_count"], meeting["counts"]["present"], meeting["counts"]["absent"]) == (40, 1, 39)
    events = [e.data for e in await outbox_events(activity.runtime.engine, RECORDED)]
    at_visit = [(e["member_id"], e["state"], e["expected"]) for e in events if e["activity_id"] == visit["id"]]
    assert sorted(at_visit) == sorted((str(m), "present", False) for m in visitors)
    absent = {e["member_id"] for e in events if e["activity_id"] == theme_day["id"] and e["state"] == "absent"}
    assert absent == {str(m) for m in seeded.members[1:]}


async def test_service_work_refuses_an_expected_list_absentees_and_excuses(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, b, c = seeded.members[:3]
    practice = await schedule(activity.http, seeded.branch_id, "volunteer_service")
    sheet_of = f"/activities/{practice['id']}/attendance"
    named = activity_body(seeded.branch_id, "door_to_door_visit", expected_ids=[a, b])

    message = await refused(activity, activity.http.post("/activities", json=named), 422, "no_expected_list")
    assert message == "expected_ids：科室上门服务没有应到名单，活动后登记参加的人即可"
    for wrong in (entry(b, "excused", reason="出差"), entry(c, "absent")):
        body = {"entries": [entry(a, "present"), wrong]}
        message = await refused(activity, activity.http.put(sheet_of, json=body), 422, "participants_only")
        assert message.startswith("这项活动没有应到名单，只登记参加的人（出席、迟到）或列席"), message
        assert message.endswith(("党员1", "党员2")), message


async def test_someone_entered_by_mistake_is_withdrawn_and_anyone_may_check_in(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, b = seeded.members[:2]
    just_begun = (datetime.now().astimezone() - timedelta(minutes=1)).isoformat()
    practice = await schedule(activity.http, seeded.branch_id, "poverty_relief", planned_start=just_begun)
    code = (await ok(activity.http.post(f"/activities/{practice['id']}/check-in-codes"), 201))["code"]

    checked = await ok(
        activity.http.post(f"/activities/{practice['id']}/check-in", json={"member_id": str(a), "code": code}), 201
    )
    await ok(activity.http.put(f"/activities/{practice['id']}/attendance", json={"entries": [entry(b, "present")]}))
    await hold(activity.http, practice)
    withdrawn = await ok(
        activity.http.post(f"/activities/{practice['id']}/attendance/{b}/corrections", json={"state": "absent"}), 201
    )

    assert (checked["state"], checked["expected"]) == ("present", False)
    assert (withdrawn["state"], withdrawn["source"]) == ("absent", "correction")
    excused = activity.http.post(
        f"/activities/{practice['id']}/attendance/{a}/corrections", json={"state": "excused", "reason": "病假"}
    )
    await refused(activity, excused, 422, "participants_only")
