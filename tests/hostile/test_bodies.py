"""Hostile request bodies against a real service (roster's ``POST /members``, on the test stack): each is
refused with a 4xx and a message a person can read, never a 500, and nothing is written. Malformed JSON is
tried on every service."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from bastion.service import ServiceSpec, discover_services
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.outbox import outbox_count
from roster.main import SERVICE
from tests.support.roster import create_branch, member_body

LIMIT = 1024 * 1024  # the default http_max_body_bytes
JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 10_000 + b"]" * 10_000  # deeper than Python's parser recurses
SERVICES = discover_services()


@dataclass
class Roster:
    service: ServiceClient
    branch_id: str

    async def written(self) -> tuple[int, int]:
        """Members of the branch and events in the outbox: a refused request changes neither."""
        listed = await self.service.http.get("/members", params={"org_unit_id": self.branch_id})
        assert listed.status_code == 200, listed.text
        return listed.json()["total"], await outbox_count(self.service.runtime.engine)

    async def post_member(self, **request: Any) -> httpx.Response:
        return await self.service.http.post("/members", **request)


@pytest.fixture
async def roster(stack: TestStack) -> AsyncIterator[Roster]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as service:
        branch = await create_branch(service.http)
        yield Roster(service, branch["id"])


def refusal(answer: httpx.Response, status: int, code: str) -> str:
    """The message of an error answer with this status and code (which must be a person's text)."""
    assert answer.status_code == status, answer.text
    problem = answer.json()
    assert problem["error"] == code, problem
    message: str = problem["message"]
    assert any("\u4e00" <= char <= "\u9fff" for char in message), f"no Chinese in {message!r}"
    return message


def padded(branch_id: str, size: int) -> bytes:
    """A valid member's JSON padded with spaces (valid JSON whitespace) to exactly ``size`` bytes."""
    body = json.dumps(member_body(branch_id)).encode()
    return body + b" " * (size - len(body))


async def chunks_of(body: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def test_a_body_over_the_limit_is_refused_by_its_content_length(roster: Roster) -> None:
    before = await roster.written()
    answer = await roster.post_member(content=padded(roster.branch_id, LIMIT + 1), headers=JSON)

    assert "请求体太大" in refusal(answer, 413, "payload_too_large")
    assert await roster.written() == before


async def test_a_chunked_body_is_refused_once_it_streams_past_the_limit(roster: Roster) -> None:
    before = await roster.written()
    answer = await roster.post_member(content=chunks_of(padded(roster.branch_id, LIMIT + 1)), headers=JSON)

    assert "content-length" not in answer.request.headers
    assert answer.request.headers["transfer-encoding"] == "chunked"
    assert "请求体太大" in refusal(answer, 413, "payload_too_large")
    assert await roster.written() == before


async def test_a_body_just_under_the_limit_still_registers(roster: Roster) -> None:
    """The limit is where it says: the same member, chunked and at the limit exactly, is accepted."""
    answer = await roster.post_member(content=chunks_of(padded(roster.branch_id, LIMIT)), headers=JSON)

    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(
    ("name", "request_", "status", "says"),
    [
        ("malformed JSON", {"content": '{"name": "张华",'.encode(), "headers": JSON}, 422, "不是有效的 JSON"),
        ("not JSON at all", {"content": "姓名=张华".encode(), "headers": {"Content-Type": "text/plain"}}, 422, "JSON"),
        ("a JSON array", {"json": [{"name": "张华"}]}, 422, "必须是 JSON 对象"),
        ("10 000 levels deep", {"content": DEEP, "headers": JSON}, 400, "嵌套"),
        ("deep inside a field", {"content": b'{"name": ' + DEEP + b"}", "headers": JSON}, 400, "嵌套"),
    ],
)
async def test_a_body_that_is_not_a_json_object_is_refused_with_a_reason(
    roster: Roster, name: str, request_: dict[str, Any], status: int, says: str
) -> None:
    before = await roster.written()
    answer = await roster.post_member(**request_)

    expected_code = "invalid_request" if status == 422 else "unreadable_body"
    assert says in refusal(answer, status, expected_code), name
    assert await roster.written() == before


def first_json_route(spec: ServiceSpec) -> str | None:
    """A POST route of the service that takes a JSON body (its path parameters filled with a UUID)."""
    routes = [route for router in spec.routers() for route in router.routes if isinstance(route, APIRoute)]
    for route in routes:
        if "POST" in route.methods and route.dependant.body_params:
            return re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", route.path)
    return None  # scoring: its API only reads


TAKING_JSON = {name: (spec, path) for name, spec in SERVICES.items() if (path := first_json_route(spec))}


@pytest.mark.parametrize(("spec", "path"), TAKING_JSON.values(), ids=TAKING_JSON.keys())
async def test_malformed_json_is_located_by_line_and_column_on_every_service(
    stack: TestStack, spec: ServiceSpec, path: str
) -> None:
    body = '{\n  "name": "张华"\n  "note": "a comma is missing above"\n}'
    async with running_service(spec, await stack.settings_for(spec)) as service:
        answer = await service.http.post(path, content=body.encode(), headers=JSON)

    message = refusal(answer, 422, "invalid_request")
    assert message == "请求有误：请求体：不是有效的 JSON（第 3 行第 3 列，缺少逗号）"
    assert [problem["field"] for problem in answer.json()["errors"]] == ["body"], "an offset is not a field"


async def test_a_json_body_sent_as_another_content_type_says_what_to_send(roster: Roster) -> None:
    body = json.dumps(member_body(roster.branch_id)).encode()
    before = await roster.written()
    answer = await roster.post_member(content=body, headers={"Content-Type": "text/plain"})

    assert "application/json" in refusal(answer, 422, "invalid_request")
    assert await roster.written() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "张\x00华"), ("department", "\x00"), ("position", "工艺员\x00")],
)
async def test_text_with_a_nul_character_is_refused_naming_the_field(roster: Roster, field: str, value: str) -> None:
    before = await roster.written()
    answer = await roster.post_member(json=member_body(roster.branch_id, **{field: value}))

    message = refusal(answer, 422, "invalid_request")
    assert f"{field}：不能包含空字符" in message
    assert answer.json()["errors"][0]["field"] == field
    assert await roster.written() == before


async def test_a_nul_character_in_a_query_parameter_is_refused_naming_it(roster: Roster) -> None:
    answer = await roster.service.http.get("/members", params={"q": "张\x00"})

    assert "query.q：不能包含空字符" in refusal(answer, 422, "invalid_request")


async def test_a_megabyte_in_one_field_is_refused_as_too_long(roster: Roster) -> None:
    before = await roster.written()
    answer = await roster.post_member(json=member_body(roster.branch_id, name="张" * 333_333))  # ~1 MB of UTF-8

    assert len(answer.request.content) < LIMIT
    assert "name：太长" in refusal(answer, 422, "invalid_request")
    assert await roster.written() == before
