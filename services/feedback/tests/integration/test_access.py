"""The access rules on feedback's staff routes, through real requests: who may read and change what, by
role, branch and self; the public pages stay open."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from fastapi.routing import APIRoute

from bastion.auth import Role
from bastion.testing import ServiceClient
from bastion.testing.auth import bearer
from feedback.entrypoints.api import routers
from tests.support.feedback import KnownBranch, seed_branch

_PATH_VALUES = {"day": "2026-10-01"}


def secretary(feedback: ServiceClient, branch: KnownBranch) -> dict[str, str]:
    return bearer(feedback.runtime.settings, Role.SECRETARY, branch_ids=(branch.branch_id,))


def member(feedback: ServiceClient, member_id: uuid.UUID) -> dict[str, str]:
    return bearer(feedback.runtime.settings, Role.MEMBER, member_id=member_id)


def machine(feedback: ServiceClient) -> dict[str, str]:
    return bearer(feedback.runtime.settings, Role.SERVICE)


def status_of(answer: httpx.Response, expected: int) -> None:
    assert answer.status_code == expected, f"{answer.request.method} {answer.request.url}: {answer.text}"


def suggestion(branch: KnownBranch, **changes: Any) -> dict[str, Any]:
    body = {"branch_id": str(branch.branch_id), "category": "service", "respondent_group": "worker"}
    return body | {"content": f"建议增设夜班服务岗 {uuid.uuid4().hex[:6]}"} | changes


def rating(subject_kind: str, subject_id: uuid.UUID) -> dict[str, Any]:
    return {
        "subject_kind": subject_kind,
        "subject_id": str(subject_id),
        "respondent_group": "worker",
        "respondent": f"GD2-{uuid.uuid4().hex[:4]}",
        "answer": "satisfied",
    }


async def submitted(feedback: ServiceClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = await feedback.http.post("/suggestions", json=body)
    status_of(answer, 201)
    created: dict[str, Any] = answer.json()
    return created


async def test_every_staff_route_answers_401_without_credentials_and_public_pages_stay_open(
    feedback: ServiceClient,
) -> None:
    branch = await seed_branch(feedback.runtime)
    code = (await feedback.http.get(f"/branches/{branch.branch_id}/public-channel")).json()["code"]
    routes = [route for router in routers() for route in router.routes if isinstance(route, APIRoute)]
    transport = httpx.ASGITransport(app=feedback.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://feedback") as anonymous:
        for route in routes:
            path = re.sub(r"{(\w+)}", lambda m: _PATH_VALUES.get(m.group(1), str(uuid.uuid4())), route.path)
            for method in route.methods:
                answer = await anonymous.request(method, path, json={})
                assert (answer.status_code, answer.json()["error"]) == (401, "unauthenticated"), (method, path)
        status_of(await anonymous.get(f"/p/{code}"), 200)
    assert len(routes) >= 20


async def test_a_secretary_follows_only_their_own_branchs_suggestions(feedback: ServiceClient) -> None:
    mine, theirs = await seed_branch(feedback.runtime), await seed_branch(feedback.runtime)
    ours, other = await submitted(feedback, suggestion(mine)), await submitted(feedback, suggestion(theirs))
    headers = secretary(feedback, mine)

    status_of(await feedback.http.get(f"/suggestions/{other['id']}", headers=headers), 403)
    status_of(await feedback.http.post(f"/suggestions/{other['id']}/acknowledge", headers=headers), 403)
    their_filter = {"branch_id": str(theirs.branch_id)}
    status_of(await feedback.http.get("/suggestions", params=their_filter, headers=headers), 403)
    status_of(await feedback.http.get(f"/branches/{theirs.branch_id}/suggestions/overdue", headers=headers), 403)
    status_of(await feedback.http.post("/suggestions", json=suggestion(theirs), headers=headers), 403)
    listed = await feedback.http.get("/suggestions", headers=headers)
    assert {s["branch_id"] for s in listed.json()["items"]} == {str(mine.branch_id)}, listed.text
    status_of(await feedback.http.get(f"/suggestions/{ours['id']}", headers=headers), 200)
    status_of(await feedback.http.post(f"/suggestions/{ours['id']}/acknowledge", headers=headers), 200)
    status_of(await feedback.http.post("/suggestions", json=suggestion(mine), headers=headers), 201)
    assert (await feedback.http.get(f"/suggestions/{other['id']}")).json()["state"] == "submitted"


async def test_a_member_submits_and_follows_only_their_own_suggestions(feedback: ServiceClient) -> None:
    branch = await seed_branch(feedback.runtime)
    me, someone = branch.members[0], branch.members[1]
    headers = member(feedback, me)
    theirs = await submitted(feedback, suggestion(branch, proposer_name="李四", proposer_member_id=str(someone)))

    own = suggestion(branch, proposer_name="张三", proposer_member_id=str(me), respondent_group="member")
    status_of(
        await feedback.http.post("/suggestions", json=own | {"proposer_member_id": str(someone)}, headers=headers), 403
    )
    status_of(await feedback.http.post("/suggestions", json=suggestion(branch), headers=headers), 403)
    backdated = await feedback.http.post(
        "/suggestions", params={"recorded_at": "2025-01-02T09:00:00+08:00"}, json=own, headers=headers
    )
    status_of(backdated, 403)
    created = await feedback.http.post("/suggestions", json=own, headers=headers)
    status_of(created, 201)
    mine = created.json()

    listed = (await feedback.http.get("/suggestions", headers=headers)).json()
    assert [s["id"] for s in listed["items"]] == [mine["id"]]
    status_of(await feedback.http.get(f"/suggestions/{mine['id']}", headers=headers), 200)
    status_of(await feedback.http.get(f"/suggestions/{theirs['id']}", headers=headers), 403)
    status_of(await feedback.http.post(f"/suggestions/{mine['id']}/acknowledge", headers=headers), 403)
    rated = {"answer": "satisfied"}
    status_of(await feedback.http.post(f"/suggestions/{theirs['id']}/answer-rating", json=rated, headers=headers), 403)
    reopening = {"reason": "还没有解决"}
    status_of(await feedback.http.post(f"/suggestions/{theirs['id']}/reopen", json=reopening, headers=headers), 403)


async def test_a_secretary_rates_and_reads_ratings_of_their_own_branch_only(feedback: ServiceClient) -> None:
    mine, theirs = await seed_branch(feedback.runtime), await seed_branch(feedback.runtime)
    other = (await feedback.http.post("/ratings", json=rating("branch", theirs.branch_id))).json()
    headers = secretary(feedback, mine)

    status_of(await feedback.http.post("/ratings", json=rating("member", theirs.members[0]), headers=headers), 403)
    status_of(await feedback.http.post("/ratings", json=rating("activity", theirs.held_activity), headers=headers), 403)
    status_of(await feedback.http.get(f"/ratings/{other['id']}", headers=headers), 403)
    their_filter = {"branch_id": str(theirs.branch_id)}
    status_of(await feedback.http.get("/ratings", params=their_filter, headers=headers), 403)
    status_of(await feedback.http.post("/ratings", json=rating("activity", mine.held_activity), headers=headers), 201)
    listed = (await feedback.http.get("/ratings", headers=headers)).json()
    assert {r["branch_id"] for r in listed["items"]} == {str(mine.branch_id)}
    summary = f"/branches/{theirs.branch_id}/ratings/summary"
    status_of(await feedback.http.get(summary, headers=member(feedback, mine.members[0])), 200)
    status_of(await feedback.http.get("/ratings", headers=member(feedback, mine.members[0])), 403)


async def test_a_machine_client_reads_without_the_proposers_contact_and_never_writes(feedback: ServiceClient) -> None:
    branch = await seed_branch(feedback.runtime)
    given = await submitted(feedback, suggestion(branch, proposer_name="王师傅", contact="13800000000"))
    headers = machine(feedback)

    status_of(await feedback.http.get("/suggestions", headers=headers), 200)
    fetched = await feedback.http.get(f"/suggestions/{given['id']}", headers=headers)
    status_of(fetched, 200)
    assert (fetched.json()["proposer_name"], fetched.json()["contact"]) == (None, None)
    assert (await feedback.http.get(f"/suggestions/{given['id']}")).json()["contact"] == "13800000000"
    status_of(await feedback.http.get("/calendar", headers=headers), 200)
    status_of(await feedback.http.get(f"/branches/{branch.branch_id}/ratings/summary", headers=headers), 200)
    status_of(await feedback.http.post("/suggestions", json=suggestion(branch), headers=headers), 403)
    status_of(await feedback.http.post(f"/suggestions/{given['id']}/acknowledge", headers=headers), 403)
    status_of(await feedback.http.post("/ratings", json=rating("branch", branch.branch_id), headers=headers), 403)


async def test_the_calendar_is_read_by_everyone_and_changed_by_the_committee_only(feedback: ServiceClient) -> None:
    branch = await seed_branch(feedback.runtime)
    holiday = {"working": False, "name": "国庆节"}

    status_of(await feedback.http.put("/calendar/2026-10-02", json=holiday, headers=secretary(feedback, branch)), 403)
    status_of(await feedback.http.delete("/calendar/2026-10-02", headers=secretary(feedback, branch)), 403)
    status_of(await feedback.http.put("/calendar/2026-10-02", json=holiday, headers=machine(feedback)), 403)
    status_of(await feedback.http.put("/calendar/2026-10-02", json=holiday), 200)
    year = await feedback.http.get("/calendar", params={"year": 2026}, headers=member(feedback, branch.members[0]))
    status_of(year, 200)
    assert [day["day"] for day in year.json()["days"] if day["configured"]] == ["2026-10-02"]
    channel = await feedback.http.get(f"/branches/{branch.branch_id}/public-channel", headers=machine(feedback))
    status_of(channel, 200)
