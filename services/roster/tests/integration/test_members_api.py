"""Registering and reading members through roster's HTTP API, on a real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bastion.db.tables import outbox
from bastion.events import CloudEvent
from bastion.testing import ServiceClient, TestStack, running_service
from roster.adapters.orm import members
from roster.main import SERVICE


@pytest.fixture
async def roster(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client


def valid_member(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "  陈静 ",
        "birth_date": "1968-07-01",
        "education": "vocational_college",
        "branch_id": str(uuid.uuid4()),
    }
    body.update(changes)
    return body


async def table_counts(client: ServiceClient) -> tuple[int, int]:
    async with client.runtime.engine.connect() as connection:
        member_rows = await connection.scalar(select(func.count()).select_from(members))
        event_rows = await connection.scalar(select(func.count()).select_from(outbox))
    return int(member_rows or 0), int(event_rows or 0)


async def test_registering_a_member_stores_it_and_its_event_together(roster: ServiceClient) -> None:
    body = valid_member()
    answer = await roster.http.post("/members", json=body)

    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["name"] == "陈静"
    assert answer.headers["location"] == f"/members/{created['id']}"
    fetched = await roster.http.get(answer.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json() == {k: v for k, v in created.items() if k != "event_id"}

    async with roster.runtime.engine.connect() as connection:
        payload = await connection.scalar(select(outbox.c.payload))
    event = CloudEvent.from_bytes(payload)
    assert event.id == uuid.UUID(created["event_id"])
    assert event.type == "bastion.roster.member.registered.v1"
    assert event.subject == created["id"]
    assert event.sequence == 1
    assert event.data == {
        "member_id": created["id"],
        "branch_id": body["branch_id"],
        "name": "陈静",
        "birth_date": "1968-07-01",
        "education": "vocational_college",
    }
    assert event.traceparent is not None
    assert event.traceparent.split("-")[1] == answer.headers["traceparent"].split("-")[1]


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"education": None}, "education", "取值无效"),
        ({"branch_id": "branch-4"}, "branch_id", "不是有效的 UUID"),
        ({"branch_id": 4}, "branch_id", "不是有效的 UUID"),
        ({"birth_date": "1968-02-30"}, "birth_date", "不是有效的日期"),
        ({"name": "   "}, "name", "太短或为空"),
        ({"education": "phd"}, "education", "取值无效"),
        ({"unexpected": 1}, "unexpected", "不允许的字段"),
    ],
)
async def test_bad_requests_get_a_422_that_names_the_field(
    roster: ServiceClient, changes: dict[str, object], field: str, problem: str
) -> None:
    answer = await roster.http.post("/members", json=valid_member(**changes))

    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "invalid_request"
    assert [e["field"] for e in body["errors"]] == [field]
    assert problem in body["errors"][0]["problem"]
    assert field in body["message"]
    assert await table_counts(roster) == (0, 0), "nothing is half-written"


async def test_a_missing_field_is_named(roster: ServiceClient) -> None:
    body = valid_member()
    del body["birth_date"]
    answer = await roster.http.post("/members", json=body)

    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "birth_date", "problem": "缺少必填字段", "detail": "Field required"}]


async def test_a_birth_date_in_the_future_is_refused(roster: ServiceClient) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    answer = await roster.http.post("/members", json=valid_member(birth_date=tomorrow))

    assert answer.status_code == 422
    assert "出生日期不能晚于今天" in answer.json()["message"]


async def test_malformed_json_is_a_422_not_a_500(roster: ServiceClient) -> None:
    answer = await roster.http.post("/members", content=b'{"name": ', headers={"content-type": "application/json"})

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["problem"] == "请求体不是有效的 JSON"


async def test_an_unknown_member_is_a_404_and_a_malformed_id_a_422(roster: ServiceClient) -> None:
    unknown = await roster.http.get(f"/members/{uuid.uuid4()}")
    malformed = await roster.http.get("/members/not-an-id")

    assert unknown.status_code == 404
    assert unknown.json()["error"] == "member_not_found"
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "path.member_id"
