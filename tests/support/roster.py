"""Helpers for tests that drive roster through its HTTP API (used by roster's and others' tests)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import Table

from bastion.clock import local_today
from bastion.testing import ServiceClient
from bastion.testing.writes import rows_written


async def created(response: httpx.Response) -> dict[str, Any]:
    if response.status_code not in (200, 201):
        raise AssertionError(
            f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
        )
    body: dict[str, Any] = response.json()
    return body


async def create_org_unit(
    http: httpx.AsyncClient, kind: str, name: str, parent_id: str | None = None
) -> dict[str, Any]:
    return await created(await http.post("/org-units", json={"kind": kind, "name": name, "parent_id": parent_id}))


async def create_branch(http: httpx.AsyncClient, name: str | None = None) -> dict[str, Any]:
    """A branch under a party committee of its own (names are unique per test run)."""
    suffix = uuid.uuid4().hex[:6]
    committee = await create_org_unit(http, "party_committee", f"测试党委{suffix}")
    return await create_org_unit(http, "branch", name or f"测试支部{suffix}", committee["id"])


def member_body(branch_id: str | uuid.UUID, /, **changes: Any) -> dict[str, Any]:
    """A valid full member of ``branch_id``; any field may be changed (None removes it)."""
    body: dict[str, Any] = {
        "name": "张华",
        "gender": "male",
        "birth_date": "1965-03-18",
        "education": "senior_secondary",
        "branch_id": str(branch_id),
        "department": "生产管理科",
        "position": "工艺员",
        "employee_number": f"T-{uuid.uuid4().hex[:10]}",
        "stage": "full",
        "probationary_on": "1990-07-01",
    }
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value.isoformat() if isinstance(value, date) else value
    return body


async def register(http: httpx.AsyncClient, branch_id: str | uuid.UUID, /, **changes: Any) -> dict[str, Any]:
    return await created(await http.post("/members", json=member_body(branch_id, **changes)))


def answered(response: httpx.Response, status: int) -> dict[str, Any]:
    """The body of ``response``, which must have answered with exactly ``status``."""
    if response.status_code != status:
        raise AssertionError(
            f"{response.request.method} {response.request.url}: expected {status}, "
            f"got {response.status_code} {response.text}"
        )
    body: dict[str, Any] = response.json()
    return body


def refused(answer: httpx.Response, status: int, code: str) -> None:
    """Fail unless ``answer`` refused the request with ``status`` and the error ``code``."""
    if (answer.status_code, answer.json().get("error")) != (status, code):
        raise AssertionError(f"expected {status} {code}, got {answer.status_code}: {answer.text}")


async def refused_without_writing(
    client: ServiceClient,
    method: str,
    url: str,
    body: dict[str, Any] | None,
    status: int,
    code: str,
    *,
    watching: Iterable[Table],
) -> dict[str, Any]:
    """The problem ``client`` answers to ``method url``: refused with ``status`` and ``code``, and with no
    row written to the ``watching`` tables or the outbox."""
    tables = tuple(watching)
    before = await rows_written(client.runtime.engine, *tables)
    answer = await client.http.request(method, url, json=body)

    refused(answer, status, code)
    after = await rows_written(client.runtime.engine, *tables)
    if after != before:
        raise AssertionError(f"a refused request writes nothing, but {method} {url} changed {before} to {after}")
    problem: dict[str, Any] = answer.json()
    return problem


def today(client: ServiceClient) -> date:
    """Today where the service runs (in the timezone of its settings)."""
    return local_today(client.runtime.settings.timezone)


def tomorrow(client: ServiceClient) -> date:
    """The day after ``today(client)``: a date the service must refuse as in the future."""
    return today(client) + timedelta(days=1)


async def full_member(http: httpx.AsyncClient, /, **changes: Any) -> dict[str, Any]:
    """王芳, a full member of a branch of her own who joined on 2020-05-01 (dues are owed from 2020-05)."""
    branch = await create_branch(http)
    return await register(http, branch["id"], name="王芳", probationary_on="2020-05-01", **changes)


async def seated_branch(http: httpx.AsyncClient, full_members: int = 3) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A branch with ``full_members`` full members and a committee term from 2025-01-01."""
    branch = await create_branch(http)
    people = [await register(http, branch["id"], name=f"党员{i}") for i in range(full_members)]
    answered(await http.post(f"/org-units/{branch['id']}/committee/terms", json={"starts_on": "2025-01-01"}), 201)
    return branch, people


async def seat(
    http: httpx.AsyncClient, branch: dict[str, Any], role: str, person: dict[str, Any], on: str = "2025-02-01"
) -> httpx.Response:
    """Seat ``person`` in the ``role`` of ``branch``'s committee (the answer is left to the caller)."""
    return await http.put(
        f"/org-units/{branch['id']}/committee/seats/{role}", json={"member_id": person["id"], "assigned_on": on}
    )


async def add_department(http: httpx.AsyncClient, branch: dict[str, Any], name: str = "财务科") -> dict[str, Any]:
    """A served department of ``branch``, added on 2025-01-01."""
    return answered(
        await http.post(f"/org-units/{branch['id']}/departments", json={"name": name, "added_on": "2025-01-01"}),
        201,
    )


async def account_for(admin: httpx.AsyncClient, person: dict[str, Any]) -> dict[str, Any]:
    """An account for ``person`` made by the committee (``admin`` signs in as one): its initial password in it."""
    return answered(await admin.post("/accounts", json={"employee_number": person["employee_number"]}), 201)


async def first_password_change(
    browser: httpx.AsyncClient, account: dict[str, Any], new_password: str
) -> httpx.Response:
    """The person's first sign-in: the initial password changed to ``new_password`` (the answer is the caller's)."""
    body = {
        "username": account["username"],
        "current_password": account["initial_password"],
        "new_password": new_password,
    }
    return await browser.post("/auth/password", json=body)
