"""Load a year of activities, attendance and service work into activity, through its API, idempotently.

Activity knows the roster only from roster's events, so the loader first waits until activity
has applied the roster changes it just made (``/consumption``), then plans, records attendance,
holds and approves what is in the past (with the appraisal's grades), and records service work and
learning hours.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date, datetime, timedelta
from typing import Any

from bastion_demo.api import Api, DemoLoadError, gather_limited
from bastion_demo.year_plan import BranchPeople, PlannedActivity, attendance_state, year_of_activities

_CONSUMPTION_CHUNK = 200
_WAIT_SECONDS = 60


async def wait_for_activity(activity: Api, roster_event_ids: list[str]) -> None:
    """Read-your-writes across services: activity has applied these roster events."""
    deadline = asyncio.get_running_loop().time() + _WAIT_SECONDS
    pending = list(roster_event_ids)
    while pending:
        chunk = pending[:_CONSUMPTION_CHUNK]
        answer = await activity.get("/consumption", after=chunk, wait_seconds=2)
        if answer["applied"]:
            pending = pending[_CONSUMPTION_CHUNK:]
        elif asyncio.get_running_loop().time() > deadline:
            raise DemoLoadError(f"activity has not applied roster's events after {_WAIT_SECONDS} s")


async def branch_people(roster: Api, number: int, branch_id: str) -> BranchPeople:
    members = await roster.all_pages("/members", org_unit_id=branch_id)
    party = [m["id"] for m in members if m["stage"] in ("probationary", "full")]
    committee = await roster.get(f"/org-units/{branch_id}/committee")
    seated = [seat["member_id"] for seat in (committee["current"] or {"seats": []})["seats"]]
    groups: dict[str, list[str]] = {}
    for group in (await roster.get("/org-units", parent_id=branch_id, kind="party_group"))["items"]:
        groups[group["id"]] = [m["id"] for m in members if m["group_id"] == group["id"] and m["id"] in party]
    departments = [d["id"] for d in await roster.get(f"/org-units/{branch_id}/departments")]
    posts = await roster.get("/service-posts", branch_id=branch_id, kind="mobile_service_post")
    post = posts[0] if posts else None
    return BranchPeople(
        number,
        branch_id,
        party,
        seated,
        groups,
        departments,
        post["id"] if post else None,
        list(post["department_ids"]) if post else [],
    )


async def load_year(activity: Api, branch: BranchPeople, today: date, now: datetime) -> None:
    starts_from = datetime.combine(today - timedelta(days=400), datetime.min.time()).isoformat()
    known = {
        (a["kind"], a["organiser_id"], a["title"]): a
        for a in await activity.all_pages("/activities", branch_id=branch.branch_id, starts_from=starts_from)
    }
    plans = year_of_activities(branch, today)
    await gather_limited(_one(activity, plan, known.get(plan.key), now) for plan in plans)
    await _learning_hours(activity, branch, today)


async def _one(activity: Api, plan: PlannedActivity, existing: dict[str, Any] | None, now: datetime) -> None:
    record = existing or await activity.post(
        "/activities",
        {
            "kind": plan.kind,
            "organiser_id": plan.organiser_id,
            "title": plan.title,
            "planned_start": plan.start.isoformat(),
            "place": "党员活动室",
            "expected_ids": plan.expected_ids,
            **plan.body,
        },
    )
    if plan.start.astimezone() >= now or record["state"] != "planned":
        return
    key = "/".join(plan.key)
    entries = await _entries(activity, record, plan, key)
    if entries:
        await activity.put(f"/activities/{record['id']}/attendance", {"entries": entries})
    held = plan.start + timedelta(hours=2)
    await activity.post(
        f"/activities/{record['id']}/held",
        {
            "held_start": plan.start.isoformat(),
            "held_end": held.isoformat(),
            "minutes": f"{plan.title}：按议程进行，形成决议。",
        },
    )
    if plan.kind == "member_appraisal":
        await _grades(activity, record["id"], key)
    if plan.service is not None:
        attended = [e["member_id"] for e in entries] or (plan.participants or [])[:1]
        await activity.post(
            f"/activities/{record['id']}/service-records",
            {**plan.service, "member_ids": attended[:3], "served_at": plan.start.isoformat()},
        )
    if plan.start.astimezone() < now - timedelta(days=10):
        approved = plan.start + timedelta(days=2 + hashlib.sha256(key.encode()).digest()[0] % 4)
        await activity.post(f"/activities/{record['id']}/approve", {"approved_at": approved.isoformat()})


async def _entries(activity: Api, record: dict[str, Any], plan: PlannedActivity, key: str) -> list[dict[str, Any]]:
    """A meeting's attendance for everyone expected; for service work, only those who took part."""
    if plan.participants is not None:
        took_part = [(m, attendance_state(key, m)[0]) for m in plan.participants]
        return [{"member_id": m, "state": state} for m, state in took_part if state in ("present", "late")]
    sheet = await activity.get(f"/activities/{record['id']}/attendance")
    entries = []
    for person in sheet["people"]:
        state, reason = attendance_state(key, person["member_id"])
        entries.append({"member_id": person["member_id"], "state": state, **({"reason": reason} if reason else {})})
    return entries


async def _grades(activity: Api, activity_id: str, key: str) -> None:
    """The appraisal's 民主评议 grades: mostly 合格, some 优秀 (never more than a third), the odd 基本合格."""
    sheet = await activity.get(f"/activities/{activity_id}/appraisal-results")
    ungraded = [m["member_id"] for m in sheet["ungraded"]]
    limit, grades = len(ungraded) // 3, list[dict[str, str]]()
    for member in ungraded:
        roll = hashlib.sha256(f"{key}/grade/{member}".encode()).digest()[0] / 256
        excellent = roll < 0.15 and sum(g["grade"] == "excellent" for g in grades) < limit
        grade = "excellent" if excellent else "basically_qualified" if roll > 0.97 else "qualified"
        grades.append({"member_id": member, "grade": grade})
    if grades:
        await activity.put(f"/activities/{activity_id}/appraisal-results", {"grades": grades})


async def _learning_hours(activity: Api, branch: BranchPeople, today: date) -> None:
    """Four to six study records a year per member; a few members fall short of 32 hours."""

    async def study(index: int, member: str) -> None:
        existing = await activity.get(f"/members/{member}/learning-hours", year=today.year)
        if existing["records"]:
            return
        sessions = 4 + index % 3
        for n in range(sessions):
            day = date(today.year, 1 + (n * 2) % max(1, today.month), 10 + n)
            await activity.post(
                f"/members/{member}/learning-hours",
                {
                    "hours": "6.0" if index % 7 else "4.0",
                    "learned_on": min(day, today).isoformat(),
                    "topic": ("党章党规", "安全生产", "精益管理", "党史学习", "业务培训", "形势政策")[n],
                },
            )

    await gather_limited(study(index, member) for index, member in enumerate(branch.members))
