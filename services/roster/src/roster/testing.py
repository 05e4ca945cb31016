"""Helpers for tests that drive roster through its HTTP API (used by roster's and others' tests)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx


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
