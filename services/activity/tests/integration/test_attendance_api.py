"""Attendance through the API: the sheet, bulk entry, absences when held, corrections, self check-in."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update

from activity.adapters.orm import attendance_entries, check_in_codes
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.roster import MemberRegistered
from bastion_contracts.vocabulary import MemberClass
from tests.support.activity import apply, hold, person, schedule, seed_branch

RECORDED = "bastion.activity.attendance.recorded.v1"


def later(**delta: float) -> str:
    return (datetime.now().astimezone() + timedelta(**delta)).isoformat()


async def refused_quietly(activity: ServiceClient, request: Awaitable[httpx.Response], status: int, code: str) -> None:
    """``request`` (not yet sent) is refused with ``status`` and ``code``, and no row or event is written."""
    before = await rows_written(activity.runtime.engine, attendance_entries, check_in_codes)
    answer = await request
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text
    assert await rows_written(activity.runtime.engine, attendance_entries, check_in_codes) == before


def entry(member_id: uuid.UUID, state: str, **more: Any) -> dict[str, Any]:
    return {"member_id": str(member_id), "state": state, **more}


def put(activity: ServiceClient, act: dict[str, Any], *entries: dict[str, Any]) -> Awaitable[httpx.Response]:
    return activity.http.put(f"/activities/{act['id']}/attendance", json={"entries": list(entries)})


def correct(activity: ServiceClient, act: dict[str, Any], member: uuid.UUID, **body: Any) -> Awaitable[httpx.Response]:
    return activity.http.post(f"/activities/{act['id']}/attendance/{member}/corrections", json=body)


def check_in(activity: ServiceClient, act: dict[str, Any], member: uuid.UUID, code: str) -> Awaitable[httpx.Response]:
    return activity.http.post(f"/activities/{act['id']}/check-in", json={"member_id": str(member), "code": code})


async def accepted(request: Awaitable[httpx.Response], status: int = 200) -> Any:
    answer = await request
    assert answer.status_code == status, answer.text
    return answer.json()


async def enter(activity: ServiceClient, act: dict[str, Any], *entries: dict[str, Any]) -> dict[str, Any]:
    return await accepted(put(activity, act, *entries))


async def sheet(activity: ServiceClient, act: dict[str, Any]) -> dict[str, Any]:
    return await accepted(activity.http.get(f"/activities/{act['id']}/attendance"))


def states(body: dict[str, Any]) -> dict[str, str | None]:
    return {line["member_id"]: line["state"] for line in body["people"]}


async def entry_rows(activity: ServiceClient) -> int:
    return (await rows_written(activity.runtime.engine, attendance_entries))["attendance_entries"]


async def recorded(activity: ServiceClient) -> list[dict[str, Any]]:
    return [event.data for event in await outbox_events(activity.runtime.engine, RECORDED)]


async def test_the_expected_follow_the_kind_and_organiser_with_nothing_recorded_yet(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    (group, group_members), talked_with = next(iter(seeded.groups.items())), seeded.members[4]
    theme_day = await schedule(activity.http, seeded.branch_id, "theme_day")
    committee = await schedule(activity.http, seeded.branch_id, "committee_meeting")
    group_meeting = await schedule(activity.http, group, "group_meeting")
    talk = await schedule(activity.http, seeded.branch_id, "heart_to_heart_talk", expected_ids=[str(talked_with)])

    body = await sheet(activity, theme_day)

    assert set(states(body)) == {str(m) for m in seeded.members}, "every Party member, not the activist"
    assert [line["name"] for line in body["people"]] == [f"党员{i}" for i in range(6)]
    assert body["counts"] == {"present": 0, "late": 0, "excused": 0, "absent": 0, "observer": 0, "not_recorded": 6}
    assert body["expected_count"] == 6
    assert all(line["expected"] and line["state"] is None for line in body["people"])
    assert set(states(await sheet(activity, committee))) == {str(m) for m in seeded.committee}
    assert set(states(await sheet(activity, group_meeting))) == {str(m) for m in group_members}
    assert set(states(await sheet(activity, talk))) == {str(talked_with)}
    missing = activity.http.get(f"/activities/{uuid.uuid4()}/attendance")
    await refused_quietly(activity, missing, 404, "activity_not_found")


async def test_each_entry_is_one_self_contained_event(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    (a, b), guest, zhou = seeded.members[:2], seeded.others["activist0"], uuid.uuid4()
    special = person(zhou, seeded.branch_id, "老周", member_class=MemberClass.SPECIAL)
    await apply(activity.runtime, [MemberRegistered(member=special)])
    theme_day = await schedule(activity.http, seeded.branch_id, "theme_day", host_id=a)
    entries = [entry(a, "present"), entry(b, "excused", reason="出差"), entry(zhou, "late"), entry(guest, "observer")]

    body = await enter(activity, theme_day, *entries)

    events = await outbox_events(activity.runtime.engine, RECORDED)
    assert body["counts"] == {"present": 1, "late": 1, "excused": 1, "absent": 0, "observer": 1, "not_recorded": 4}
    assert (body["expected_count"], len(body["event_ids"])) == (len(seeded.members) + 1, 4)
    fields = ("state", "reason", "member_class", "expected", "role", "source", "previous_state")
    assert {e.data["member_id"]: tuple(e.data[f] for f in fields) for e in events} == {
        str(a): ("present", None, "ordinary", True, "host", "recorder", None),
        str(b): ("excused", "出差", "ordinary", True, "participant", "recorder", None),
        str(zhou): ("late", None, "special", True, "participant", "recorder", None),
        str(guest): ("observer", None, "ordinary", False, "participant", "recorder", None),
    }
    about = {(e.subject, e.data["kind"], e.data["branch_id"], e.data["activity_start"][:19]) for e in events}
    assert about == {(theme_day["id"], "theme_day", str(seeded.branch_id), theme_day["planned_start"][:19])}


async def test_roles_follow_the_plan_unless_an_entry_names_one(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, b, c = seeded.members[:3]
    lesson = await schedule(activity.http, seeded.branch_id, "party_lesson", lecturer_id=a, host_id=b)
    practice = await schedule(activity.http, seeded.branch_id, "themed_practice", subtype="poverty_relief", host_id=a)

    await enter(activity, lesson, entry(a, "present"), entry(b, "present"), entry(c, "present"))
    await enter(activity, practice, entry(a, "present"), entry(b, "present", role="lead"), entry(c, "present"))

    roles = {(e["activity_id"], e["member_id"]): e["role"] for e in await recorded(activity)}
    assert [roles[lesson["id"], str(m)] for m in (a, b, c)] == ["lecturer", "host", "participant"]
    assert [roles[practice["id"], str(m)] for m in (a, b, c)] == ["lead", "lead", "participant"]


async def test_an_entry_equal_to_the_current_state_records_nothing(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, b = seeded.members[:2]
    theme_day = await schedule(activity.http, seeded.branch_id)
    await enter(activity, theme_day, entry(a, "excused", reason="出差"), entry(b, "present"))
    before = await entry_rows(activity)

    again = await enter(activity, theme_day, entry(a, "excused", reason="出差"), entry(b, "present"))
    changed = await enter(activity, theme_day, entry(a, "present"), entry(b, "present"))

    assert (again["event_ids"], len(changed["event_ids"])) == ([], 1)
    assert await entry_rows(activity) == before + 1
    assert [e["state"] for e in await recorded(activity) if e["member_id"] == str(a)] == ["excused", "present"]


async def test_a_bad_entry_refuses_the_whole_bulk_entry_and_writes_nothing(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, b = seeded.members[:2]
    theme_day = await schedule(activity.http, seeded.branch_id)
    ok = entry(a, "present")
    cases = [
        (entry(seeded.others["activist0"], "present"), "not_expected"),
        (entry(b, "excused"), "reason_required"),
        (entry(b, "excused", reason="  "), "reason_required"),
        (entry(uuid.uuid4(), "observer"), "unknown_member"),
        (entry(a, "late"), "duplicate_entry"),
    ]

    for bad, code in cases:
        await refused_quietly(activity, put(activity, theme_day, ok, bad), 422, code)

    assert await recorded(activity) == []


async def test_entry_opens_a_day_ahead_and_never_for_a_cancelled_activity(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a = seeded.members[0]
    far = await schedule(activity.http, seeded.branch_id, planned_start=later(days=2))
    soon = await schedule(activity.http, seeded.branch_id, planned_start=later(hours=20))
    cancelled = await schedule(activity.http, seeded.branch_id, planned_start=later(hours=2))
    await activity.http.post(f"/activities/{cancelled['id']}/cancel", json={"reason": "停产检修"})
    excused = entry(a, "excused", reason="出差")

    await refused_quietly(activity, put(activity, far, excused), 409, "activity_not_started")
    await refused_quietly(activity, put(activity, cancelled, excused), 409, "activity_cancelled")
    assert states(await enter(activity, soon, excused))[str(a)] == "excused"


async def test_holding_records_absent_for_everyone_expected_without_attendance(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    (a, b), guest = seeded.members[:2], seeded.others["activist0"]
    theme_day = await schedule(activity.http, seeded.branch_id)
    await enter(activity, theme_day, entry(a, "present"), entry(b, "excused", reason="病假"), entry(guest, "observer"))

    held = await hold(activity.http, theme_day, held_start=later(hours=-20))

    after = await sheet(activity, theme_day)
    absent = {str(m) for m in seeded.members[2:]}
    assert {m for m, s in states(after).items() if s == "absent"} == absent
    assert [states(after)[str(m)] for m in (a, b, guest)] == ["present", "excused", "observer"]
    events = [e for e in await recorded(activity) if e["source"] == "absent_when_held"]
    assert {e["member_id"] for e in events} == absent
    assert all(e["state"] == "absent" and e["expected"] for e in events)
    assert {datetime.fromisoformat(e["activity_start"]) for e in events} == {datetime.fromisoformat(held["held_start"])}
    assert len(held["event_ids"]) == 1 + len(absent), "the held event and one absence each"


async def test_a_change_after_holding_is_a_correction_that_keeps_the_earlier_entry(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, b = seeded.members[:2]
    theme_day = await schedule(activity.http, seeded.branch_id)
    await hold(activity.http, theme_day)
    before = await entry_rows(activity)

    corrected = await correct(activity, theme_day, a, state="excused", reason="临时出差")
    bulk = await enter(activity, theme_day, entry(b, "late"))

    assert corrected.status_code == 201, corrected.text
    assert (corrected.json()["state"], corrected.json()["source"]) == ("excused", "correction")
    assert states(bulk)[str(b)] == "late"
    assert await entry_rows(activity) == before + 2, "appended, not edited"
    fixes = {e["member_id"]: e for e in await recorded(activity) if e["source"] == "correction"}
    assert (fixes[str(a)]["previous_state"], fixes[str(a)]["reason"]) == ("absent", "临时出差")
    assert (fixes[str(b)]["previous_state"], fixes[str(b)]["state"]) == ("absent", "late")


async def test_a_correction_needs_a_held_activity_and_a_change(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, guest = seeded.members[0], seeded.others["activist0"]
    planned = await schedule(activity.http, seeded.branch_id)
    held = await schedule(activity.http, seeded.branch_id)
    await hold(activity.http, held)

    await refused_quietly(activity, correct(activity, planned, a, state="present"), 409, "activity_not_held")
    await refused_quietly(activity, correct(activity, held, a, state="absent"), 409, "nothing_to_correct")
    await refused_quietly(activity, correct(activity, held, a, state="excused"), 422, "reason_required")
    await refused_quietly(activity, correct(activity, held, guest, state="present"), 422, "not_expected")


async def issue(activity: ServiceClient, act: dict[str, Any]) -> dict[str, Any]:
    return await accepted(activity.http.post(f"/activities/{act['id']}/check-in-codes"), 201)


async def test_checking_in_is_present_until_the_grace_minutes_then_late_and_once_only(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a = seeded.members[0]
    meeting = await schedule(activity.http, seeded.branch_id, planned_start=later(minutes=5))
    begun = await schedule(activity.http, seeded.branch_id, planned_start=later(minutes=-20))
    issued = await issue(activity, meeting)

    checked = await check_in(activity, meeting, a, issued["code"])
    late = await check_in(activity, begun, a, (await issue(activity, begun))["code"])

    assert re.fullmatch(r"\d{6}", issued["code"])
    expires_in = datetime.fromisoformat(issued["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=29) < expires_in <= timedelta(minutes=30)
    assert (checked.status_code, checked.json()["state"], checked.json()["source"]) == (201, "present", "self_check_in")
    await refused_quietly(activity, check_in(activity, meeting, a, issued["code"]), 409, "already_checked_in")
    assert (late.status_code, late.json()["state"]) == (201, "late")
    events = [(e["activity_id"], e["state"], e["source"]) for e in await recorded(activity)]
    assert events == [(meeting["id"], "present", "self_check_in"), (begun["id"], "late", "self_check_in")]


async def test_check_in_refuses_wrong_missing_or_expired_codes_and_the_unexpected(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a, guest = seeded.members[0], seeded.others["activist0"]
    meeting = await schedule(activity.http, seeded.branch_id, planned_start=later(minutes=5))

    await refused_quietly(activity, check_in(activity, meeting, a, "123456"), 422, "check_in_code_wrong")
    old, new = (await issue(activity, meeting))["code"], (await issue(activity, meeting))["code"]
    while new == old:  # one chance in a million
        new = (await issue(activity, meeting))["code"]
    for wrong in (old, f"{(int(new) + 1) % 1_000_000:06d}"):
        await refused_quietly(activity, check_in(activity, meeting, a, wrong), 422, "check_in_code_wrong")
    await refused_quietly(activity, check_in(activity, meeting, guest, new), 422, "not_expected")
    async with activity.runtime.engine.begin() as connection:
        await connection.execute(update(check_in_codes).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    await refused_quietly(activity, check_in(activity, meeting, a, new), 422, "check_in_code_expired")


async def test_check_in_codes_are_only_for_planned_activities(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    meeting = await schedule(activity.http, seeded.branch_id)
    code = (await issue(activity, meeting))["code"]
    await hold(activity.http, meeting)

    issuing = activity.http.post(f"/activities/{meeting['id']}/check-in-codes")
    await refused_quietly(activity, issuing, 409, "activity_not_planned")
    await refused_quietly(activity, check_in(activity, meeting, seeded.members[0], code), 409, "activity_not_planned")


async def test_concurrent_check_ins_of_one_person_record_one_entry(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    a = seeded.members[0]
    meeting = await schedule(activity.http, seeded.branch_id, planned_start=later(minutes=5))
    code = (await issue(activity, meeting))["code"]

    answers = await asyncio.gather(*(check_in(activity, meeting, a, code) for _ in range(2)))

    assert sorted(answer.status_code for answer in answers) == [201, 409]
    assert len(await recorded(activity)) == 1
