"""Real sign-in sessions against every service: roster runs as a process and issues the tokens; activity,
feedback and scoring check them against its published keys (``AUTH_SESSION_JWKS_URL``) over the network.
A secretary's session reaches their own branch and nothing of another; a member's, their own card only."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from activity.main import SERVICE as ACTIVITY
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.auth import bearer
from bastion.testing.processes import ServiceProcess
from feedback.main import SERVICE as FEEDBACK
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.support.activity import activity_body
from tests.support.roster import account_for, answered, first_password_change, seat, seated_branch

PASSWORD = "Session-2026"  # noqa: S105 - a test password


@dataclass
class Organisation:
    services: dict[str, ServiceClient]
    own_branch: dict[str, Any]
    other_branch: dict[str, Any]
    secretary: dict[str, Any]
    member: dict[str, Any]
    secretary_token: str
    member_token: str
    member_browser: httpx.AsyncClient  # keeps the member's session cookie


async def session_of(browser: httpx.AsyncClient, admin: httpx.AsyncClient, person: dict[str, Any]) -> str:
    """An account for ``person``, its initial password changed: the access token of the new session."""
    account = await account_for(admin, person)
    token: str = answered(await first_password_change(browser, account, PASSWORD), 200)["access_token"]
    return token


@pytest.fixture
async def organisation(stack: TestStack, test_work_dir: Path) -> AsyncIterator[Organisation]:
    roster_settings = await stack.settings_for(ROSTER)
    roster = await ServiceProcess("roster", roster_settings, log_dir=test_work_dir).started()
    try:
        async with AsyncExitStack() as running:
            admin = await running.enter_async_context(
                httpx.AsyncClient(base_url=roster.url, headers=bearer(roster_settings), timeout=10)
            )
            secretarys = await running.enter_async_context(httpx.AsyncClient(base_url=roster.url, timeout=10))
            members = await running.enter_async_context(httpx.AsyncClient(base_url=roster.url, timeout=10))
            own_branch, (secretary, member, _) = await seated_branch(admin)
            answered(await seat(admin, own_branch, "secretary", secretary), 200)
            other_branch, _ = await seated_branch(admin)
            secretary_token = await session_of(secretarys, admin, secretary)
            member_token = await session_of(members, admin, member)
            services = {}
            for spec in (ACTIVITY, FEEDBACK, SCORING):
                settings = await stack.settings_for(spec, auth_session_jwks_url=f"{roster.url}/auth/jwks")
                services[spec.name] = await running.enter_async_context(running_service(spec, settings))
            yield Organisation(
                services, own_branch, other_branch, secretary, member, secretary_token, member_token, members
            )
    finally:
        roster.stop()


async def as_person(client: ServiceClient, token: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return await client.http.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs)


async def eventually(call: Any, status: int, timeout: float = 30.0) -> httpx.Response:
    """The answer once the service has consumed what roster published (404 until then)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        answer: httpx.Response = await call()
        if answer.status_code == status or asyncio.get_running_loop().time() > deadline:
            return answer
        await asyncio.sleep(0.2)


async def test_a_secretarys_session_reaches_their_branch_and_no_other(organisation: Organisation) -> None:
    o = organisation
    activity, feedback, scoring = (o.services[name] for name in ("activity", "feedback", "scoring"))
    own, other = o.own_branch["id"], o.other_branch["id"]

    listed = await as_person(activity, o.secretary_token, "GET", "/activities", params={"branch_id": own})
    foreign_list = await as_person(activity, o.secretary_token, "GET", "/activities", params={"branch_id": other})
    planned = await eventually(
        lambda: as_person(activity, o.secretary_token, "POST", "/activities", json=activity_body(uuid.UUID(own))), 201
    )
    foreign_plan = await as_person(
        activity, o.secretary_token, "POST", "/activities", json=activity_body(uuid.UUID(other))
    )
    ranking = await as_person(scoring, o.secretary_token, "GET", f"/branches/{own}/ranking")
    foreign_ranking = await as_person(scoring, o.secretary_token, "GET", f"/branches/{other}/ranking")
    foreign_channel = await as_person(
        feedback, o.secretary_token, "PUT", f"/branches/{other}/public-channel", json={"mode": "identified"}
    )

    assert listed.status_code == 200, listed.text
    assert planned.status_code == 201, planned.text
    assert ranking.status_code in (200, 404), ranking.text  # 404 only while scoring has not met the branch
    assert [foreign_list.status_code, foreign_plan.status_code, foreign_ranking.status_code] == [403, 403, 403]
    assert foreign_channel.status_code == 403


async def test_a_members_session_reads_their_own_card_only_until_signing_out(organisation: Organisation) -> None:
    o = organisation
    scoring, activity = o.services["scoring"], o.services["activity"]

    own = await eventually(
        lambda: as_person(scoring, o.member_token, "GET", f"/members/{o.member['id']}/score-card"), 200
    )
    someone_else = await as_person(scoring, o.member_token, "GET", f"/members/{o.secretary['id']}/score-card")
    plan = await as_person(
        activity, o.member_token, "POST", "/activities", json=activity_body(uuid.UUID(o.own_branch["id"]))
    )

    assert own.status_code == 200, own.text
    assert own.json()["member_id"] == o.member["id"]
    assert someone_else.status_code == 403
    assert plan.status_code == 403

    spent = o.member_browser.cookies["bastion_session"]
    assert (await o.member_browser.post("/auth/logout")).status_code == 204
    o.member_browser.cookies.set("bastion_session", spent)
    assert (await o.member_browser.post("/auth/refresh")).status_code == 401, "the session ended"
