"""Load the demo organisation through the services' public APIs, as a user would, idempotently.

Everything is found by its natural key first (names within a parent, employee numbers), so a
second run adds only what is missing and changes nothing else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import httpx

from bastion.clock import local_today
from bastion_demo.accounts import DEMO_PASSWORD, load_accounts
from bastion_demo.activity_load import branch_people, load_year, wait_for_activity
from bastion_demo.api import Api, gather_limited
from bastion_demo.feedback_load import load_ratings, load_suggestions
from bastion_demo.organisation import COMMITTEE_NAME, DemoBranch, DemoPerson, demo_branches, months_before
from bastion_demo.records import load_branch_records

_SCORING_TIMEOUT_SECONDS = 60
_AFTER_PER_READ = 50


async def load(
    urls: Mapping[str, str], timezone: str = "Asia/Shanghai", headers: Mapping[str, str] | None = None
) -> str:
    """Load what is missing of the demo organisation, signed in with ``headers`` (an admin's); returns a
    summary for the console."""
    today = local_today(timezone)
    branches = demo_branches(today)
    async with httpx.AsyncClient(timeout=30, headers=dict(headers or {})) as client:
        roster = Api(client, urls["roster"])
        founded = founding_day(today)
        committee = await _unit(roster, "party_committee", COMMITTEE_NAME, None, founded)
        known = {
            p["employee_number"]: p
            for p in await roster.all_pages(
                "/members",
                org_unit_id=committee["id"],
                status=["active", "transferred_out", "lapsed", "expelled", "deceased"],
            )
        }
        registered_events: list[str] = []
        everyone: dict[str, Any] = {}
        lines = [f"Demo organisation: {COMMITTEE_NAME}"]
        for branch in branches:
            unit = await _unit(roster, "branch", branch.name, committee["id"], founded)
            groups = {name: await _unit(roster, "party_group", name, unit["id"], founded) for name in branch.groups}
            people = await _people(roster, branch, unit["id"], known, registered_events)
            everyone.update(people)
            await _place_in_groups(roster, branch, people, groups)
            await load_branch_records(roster, branch, unit["id"], people, today)
            party = sum(1 for p in branch.people if p.stage in ("probationary", "full"))
            lines.append(
                f"  {branch.name}  id {unit['id']}  ({party} Party members, {len(branch.people) - party} on the way)"
            )
            if branch.number == 4:
                lines.append(f"  Branch 4 structure: {urls['roster']}/org-units/{unit['id']}/statistics")
                lines.append(f"  Branch 4 in scoring: {urls['scoring']}/branches/{unit['id']}/member-count")
        signing_in = await load_accounts(roster, client, committee, branches, everyone, today)
        await _wait_until_scored(client, urls["scoring"], registered_events)
        if "activity" in urls:
            activity = Api(client, urls["activity"])
            await wait_for_activity(activity, roster.event_ids)
            now = datetime.now(UTC)
            for branch in branches:
                unit = await _unit(roster, "branch", branch.name, committee["id"], founded)
                await load_year(activity, await branch_people(roster, branch.number, unit["id"]), today, now)
            lines.append(f"  A year of activities: {urls['activity']}/activities?branch_id=<branch id>")
            if "feedback" in urls:
                await _load_feedback(client, roster, urls, committee["id"], branches, today)
                lines.append(f"  Public pages: {urls['feedback']}/branches/<branch id>/public-channel")
    lines += ["", f"  Sign in (development only; password {DEMO_PASSWORD} for each):"]
    lines += [f"    {account.username:<11} {account.who}" for account in signing_in]
    return "\n".join(lines)


def founding_day(today: date) -> date:
    """Every demo unit was set up before the year of activities the demo loads (the last twelve months), so
    each month of it counts every group: scoring counts a group only from the day it was set up."""
    return months_before(today, 24)


async def _unit(roster: Api, kind: str, name: str, parent_id: str | None, established_on: date) -> dict[str, Any]:
    """The unit of that kind and name under ``parent_id``, set up on ``established_on`` if it is not there yet."""
    params: dict[str, Any] = {"kind": kind, "q": name}
    if parent_id is not None:
        params["parent_id"] = parent_id
    for unit in (await roster.get("/org-units", **params))["items"]:
        if unit["name"] == name and unit["parent_id"] == parent_id:
            return dict(unit)
    body = {"kind": kind, "name": name, "parent_id": parent_id, "established_on": established_on.isoformat()}
    created: dict[str, Any] = await roster.post("/org-units", body)
    return created


async def _people(
    roster: Api, branch: DemoBranch, branch_id: str, known: dict[str, Any], events: list[str]
) -> dict[str, dict[str, Any]]:
    async def register(person: DemoPerson) -> dict[str, Any]:
        if person.employee_number in known:
            return dict(known[person.employee_number])
        created: dict[str, Any] = await roster.post("/members", _registration(person, branch_id))
        events.extend(created["event_ids"])
        return created

    registered = await gather_limited(register(person) for person in branch.people)
    return {person.employee_number: record for person, record in zip(branch.people, registered, strict=True)}


def _registration(person: DemoPerson, branch_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat(),
        "education": person.education.value,
        "branch_id": branch_id,
        "department": person.department,
        "position": person.position,
        "employee_number": person.employee_number,
        "stage": person.stage,
    }
    for field in ("probationary_on", "activist_on", "applied_on"):
        if (day := getattr(person, field)) is not None:
            body[field] = day.isoformat()
    return body


async def _place_in_groups(
    roster: Api, branch: DemoBranch, people: dict[str, dict[str, Any]], groups: dict[str, dict[str, Any]]
) -> None:
    async def place(person: DemoPerson) -> None:
        record = people[person.employee_number]
        if person.group is None or record["group_id"] is not None:
            return
        role = "leader" if person.group_leader else "member"
        await roster.put(f"/members/{record['id']}/group", {"group_id": groups[person.group]["id"], "role": role})

    await gather_limited(place(person) for person in branch.people)


async def _wait_until_scored(client: httpx.AsyncClient, scoring_url: str, event_ids: list[str]) -> None:
    """Read-your-writes: ask scoring (which waits up to its bound each time) until it has every event."""
    deadline = asyncio.get_running_loop().time() + _SCORING_TIMEOUT_SECONDS
    pending = list(event_ids)
    any_branch = "00000000-0000-0000-0000-000000000000"
    while pending:
        chunk = pending[:_AFTER_PER_READ]
        answer = await client.get(f"{scoring_url}/branches/{any_branch}/member-count", params={"after": chunk})
        answer.raise_for_status()
        if answer.json()["includes_requested_events"]:
            pending = pending[_AFTER_PER_READ:]
        elif asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"scoring has not applied the demo events after {_SCORING_TIMEOUT_SECONDS} s")


async def _load_feedback(
    client: httpx.AsyncClient,
    roster: Api,
    urls: Mapping[str, str],
    committee_id: str,
    branches: list[DemoBranch],
    today: date,
) -> None:
    feedback = Api(client, urls["feedback"])
    activity = Api(client, urls["activity"])
    for branch in branches:
        unit = await _unit(roster, "branch", branch.name, committee_id, founding_day(today))
        people = await branch_people(roster, branch.number, unit["id"])
        visits = await activity.get("/activities", branch_id=unit["id"], kind="door_to_door_visit", state="approved")
        rated = [("activity", a["id"]) for a in visits["items"][:3]] + [("member", m) for m in people.members[:3]]
        await load_ratings(feedback, branch.number, unit["id"], rated, today)
        await load_suggestions(feedback, branch.number, unit["id"], people.members[5:10], today)
