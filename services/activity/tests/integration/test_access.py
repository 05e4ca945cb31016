"""The access rules on activity's routes, through real requests: who may read and change what, by role,
branch and self."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi.routing import APIRoute

from activity.entrypoints.api import routers
from bastion.auth import Role
from bastion.testing import ServiceClient
from bastion.testing.auth import bearer
from tests.support.activity import SeededBranch, hold, schedule, seed_branch

_PATH_VALUES = {"kind": "theme_day"}


def secretary(activity: ServiceClient, branch: SeededBranch) -> dict[str, str]:
    return bearer(activity.runtime.settings, Role.SECRETARY, branch_ids=(branch.branch_id,))


def member(activity: ServiceClient, member_id: uuid.UUID) -> dict[str, str]:
    return bearer(activity.runtime.settings, Role.MEMBER, member_id=member_id)


def machine(activity: ServiceClient) -> dict[str, str]:
    return bearer(activity.runtime.settings, Role.SERVICE)


def status_of(answer: httpx.Response, expected: int) -> None:
    assert answer.status_code == expected, f"{answer.request.method} {answer.request.url}: {answer.text}"


def later(**delta: float) -> str:
    return (datetime.now().astimezone() + timedelta(**delta)).isoformat()


async def test_every_route_answers_401_without_credentials(activity: ServiceClient) -> None:
    routes = [route for router in routers() for route in router.routes if isinstance(route, APIRoute)]
    transport = httpx.ASGITransport(app=activity.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://activity") as anonymous:
        for route in routes:
            path = re.sub(r"{(\w+)}", lambda m: _PATH_VALUES.get(m.group(1), str(uuid.uuid4())), route.path)
            for method in route.methods:
                answer = await anonymous.request(method, path, json={})
                assert (answer.status_code, answer.json()["error"]) == (401, "unauthenticated"), (method, path)
    assert len(routes) >= 28


async def test_a_secretary_reads_and_changes_only_their_own_branchs_activities(activity: ServiceClient) -> None:
    mine, theirs = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    ours = await schedule(activity.http, mine.branch_id)
    other = await schedule(activity.http, theirs.branch_id)
    headers = secretary(activity, mine)
    their_group = next(iter(theirs.groups))

    status_of(await activity.http.get(f"/activities/{ours['id']}", headers=headers), 200)
    status_of(await activity.http.get(f"/activities/{other['id']}", headers=headers), 403)
    status_of(await activity.http.get("/activities", params={"branch_id": str(theirs.branch_id)}, headers=headers), 403)
    status_of(await activity.http.get("/activities", params={"organiser_id": str(their_group)}, headers=headers), 403)
    listed = await activity.http.get("/activities", headers=headers)
    assert {a["branch_id"] for a in listed.json()["items"]} == {str(mine.branch_id)}, listed.text
    reason = {"reason": "改期"}
    status_of(await activity.http.post(f"/activities/{other['id']}/cancel", json=reason, headers=headers), 403)
    status_of(await activity.http.post(f"/activities/{ours['id']}/cancel", json=reason, headers=headers), 200)
    in_their_group = {"kind": "group_meeting", "organiser_id": str(their_group), "title": "小组会"}
    body = {"planned_start": later(days=1), "place": "活动室", "five_services": ["serve_members"]}
    status_of(await activity.http.post("/activities", json=in_their_group | body, headers=headers), 403)
    own_group = {"kind": "group_meeting", "organiser_id": str(next(iter(mine.groups))), "title": "小组会"}
    status_of(await activity.http.post("/activities", json=own_group | body, headers=headers), 201)
    assert (await activity.http.get(f"/activities/{other['id']}")).json()["state"] == "planned"


async def test_a_secretary_keeps_attendance_only_in_their_own_branch(activity: ServiceClient) -> None:
    mine, theirs = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    ours, other = await schedule(activity.http, mine.branch_id), await schedule(activity.http, theirs.branch_id)
    headers = secretary(activity, mine)

    def entries(branch: SeededBranch) -> dict[str, Any]:
        return {"entries": [{"member_id": str(branch.members[0]), "state": "present"}]}

    status_of(await activity.http.get(f"/activities/{other['id']}/attendance", headers=headers), 403)
    status_of(
        await activity.http.put(f"/activities/{other['id']}/attendance", json=entries(theirs), headers=headers), 403
    )
    status_of(await activity.http.post(f"/activities/{other['id']}/check-in-codes", headers=headers), 403)
    status_of(await activity.http.put(f"/activities/{ours['id']}/attendance", json=entries(mine), headers=headers), 200)
    status_of(await activity.http.get(f"/activities/{ours['id']}/attendance", headers=headers), 200)
    unchanged = (await activity.http.get(f"/activities/{other['id']}/attendance")).json()
    assert unchanged["counts"]["present"] == 0


async def test_a_member_checks_in_themselves_but_records_nobody_else(activity: ServiceClient) -> None:
    branch = await seed_branch(activity.runtime)
    me, someone = branch.members[0], branch.members[1]
    meeting = await schedule(activity.http, branch.branch_id, planned_start=later(minutes=5))
    code = (await activity.http.post(f"/activities/{meeting['id']}/check-in-codes")).json()["code"]
    headers = member(activity, me)
    url = f"/activities/{meeting['id']}"

    status_of(await activity.http.post(f"{url}/check-in-codes", headers=headers), 403)
    other = {"member_id": str(someone), "code": code}
    status_of(await activity.http.post(f"{url}/check-in", json=other, headers=headers), 403)
    entries = {"entries": [{"member_id": str(someone), "state": "present"}]}
    status_of(await activity.http.put(f"{url}/attendance", json=entries, headers=headers), 403)
    checked = await activity.http.post(f"{url}/check-in", json={"member_id": str(me), "code": code}, headers=headers)
    status_of(checked, 201)
    sheet = await activity.http.get(f"{url}/attendance", headers=headers)
    status_of(sheet, 200)
    assert [(line["member_id"], line["state"]) for line in sheet.json()["people"]] == [(str(me), "present")]
    assert sheet.json()["counts"]["present"] == 1
    status_of(await activity.http.get(f"{url}/attendance", headers=member(activity, uuid.uuid4())), 403)
    full = (await activity.http.get(f"{url}/attendance")).json()
    assert {line["member_id"]: line["state"] for line in full["people"]}[str(someone)] is None


async def test_learning_hours_are_read_by_the_member_and_their_branch_only(activity: ServiceClient) -> None:
    mine, theirs = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    me, neighbour = mine.members[0], mine.members[1]
    body = {"hours": 2, "learned_on": str(datetime.now().astimezone().date()), "topic": "党章学习"}
    record = (await activity.http.post(f"/members/{me}/learning-hours", json=body)).json()
    url = f"/members/{me}/learning-hours"

    status_of(await activity.http.get(url, headers=member(activity, me)), 200)
    status_of(await activity.http.get(f"/learning-hours/{record['id']}", headers=member(activity, me)), 200)
    status_of(await activity.http.get(url, headers=member(activity, neighbour)), 403)
    status_of(await activity.http.get(f"/learning-hours/{record['id']}", headers=member(activity, neighbour)), 403)
    status_of(await activity.http.post(url, json=body, headers=member(activity, me)), 403)
    status_of(await activity.http.get(url, headers=secretary(activity, theirs)), 403)
    status_of(await activity.http.post(url, json=body, headers=secretary(activity, theirs)), 403)
    status_of(await activity.http.get(url, headers=secretary(activity, mine)), 200)
    status_of(await activity.http.post(url, json=body, headers=secretary(activity, mine)), 201)


async def test_service_work_of_another_branch_is_refused_to_a_secretary(activity: ServiceClient) -> None:
    mine, theirs = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    visit = await hold(activity.http, await schedule(activity.http, theirs.branch_id, "door_to_door_visit"))
    served = {"department_ids": [str(theirs.departments[0])], "member_ids": [str(theirs.members[0])], "hours": 2}
    record = (await activity.http.post(f"/activities/{visit['id']}/service-records", json=served)).json()
    qc = {"branch_id": str(theirs.branch_id), "title": "降低等待时间", "leader_id": str(theirs.members[0])}
    project = (await activity.http.post("/qc-projects", json=qc | {"registered_on": "2025-03-01"})).json()
    headers = secretary(activity, mine)

    status_of(await activity.http.get(f"/service-records/{record['id']}", headers=headers), 403)
    status_of(await activity.http.get(f"/activities/{visit['id']}/service-records", headers=headers), 403)
    status_of(await activity.http.post(f"/activities/{visit['id']}/service-records", json=served, headers=headers), 403)
    status_of(await activity.http.get("/qc-projects", params={"branch_id": qc["branch_id"]}, headers=headers), 403)
    status_of(await activity.http.get(f"/qc-projects/{project['id']}", headers=headers), 403)
    closing = {"closed_on": "2025-06-01"}
    status_of(await activity.http.post(f"/qc-projects/{project['id']}/close", json=closing, headers=headers), 403)
    status_of(await activity.http.post("/qc-projects", json=qc | {"registered_on": "2025-03-01"}, headers=headers), 403)
    status_of(await activity.http.get(f"/qc-projects/{project['id']}", headers=secretary(activity, theirs)), 200)


async def test_a_machine_client_reads_but_never_writes(activity: ServiceClient) -> None:
    branch = await seed_branch(activity.runtime)
    meeting = await schedule(activity.http, branch.branch_id)
    headers = machine(activity)

    status_of(await activity.http.get("/activities", headers=headers), 200)
    status_of(await activity.http.get(f"/activities/{meeting['id']}", headers=headers), 200)
    status_of(await activity.http.get(f"/activities/{meeting['id']}/attendance", headers=headers), 200)
    status_of(await activity.http.get(f"/org-units/{branch.branch_id}/compliance", headers=headers), 200)
    status_of(
        await activity.http.post(f"/activities/{meeting['id']}/cancel", json={"reason": "x"}, headers=headers), 403
    )
    status_of(await activity.http.post(f"/activities/{meeting['id']}/check-in-codes", headers=headers), 403)
    rule = {"period": "month", "required": 1}
    url = f"/organisations/{branch.committee_id}/compliance-rules/theme_day"
    status_of(await activity.http.put(url, json=rule, headers=headers), 403)


async def test_compliance_rules_are_set_by_the_committee_and_figures_are_public(activity: ServiceClient) -> None:
    mine, theirs = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    rule = {"period": "month", "required": 1}
    url = f"/organisations/{mine.committee_id}/compliance-rules/theme_day"

    status_of(await activity.http.put(url, json=rule, headers=secretary(activity, mine)), 403)
    status_of(
        await activity.http.get(
            f"/organisations/{mine.committee_id}/compliance-rules", headers=secretary(activity, mine)
        ),
        200,
    )
    status_of(
        await activity.http.get(f"/org-units/{theirs.branch_id}/compliance", headers=member(activity, mine.members[0])),
        200,
    )
    status_of(
        await activity.http.get(
            f"/organisations/{mine.committee_id}/compliance-rules", headers=member(activity, mine.members[0])
        ),
        403,
    )
    status_of(await activity.http.put(url, json=rule), 200)
