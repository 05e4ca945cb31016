"""Who may do what on the roster, through real requests: no credentials, another branch's secretary,
a member about someone else, a machine client writing, and sensitive fields (phone, discipline)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from bastion.auth import Role
from bastion.testing import ServiceClient
from bastion.testing.auth import bearer
from tests.support.roster import answered, create_branch, create_org_unit, member_body, refused, register

Headers = dict[str, str]
DISCIPLINE = {"level": "warning", "decided_on": "2025-09-01", "reason": "违反工作纪律"}
TALENT = {"name": "小何", "gender": "male", "birth_date": "2001-01-01", "education": "bachelor", "department": "财务科"}


@dataclass
class World:
    """Two branches, A (with a party group) and B, each with one member who has a phone."""

    client: ServiceClient
    branch_a: dict[str, Any]
    branch_b: dict[str, Any]
    group_a: dict[str, Any]
    member_a: dict[str, Any]
    member_b: dict[str, Any]

    @property
    def http(self) -> httpx.AsyncClient:
        return self.client.http

    def secretary(self, *branches: dict[str, Any]) -> Headers:
        ids = tuple(uuid.UUID(branch["id"]) for branch in branches)
        return bearer(self.client.runtime.settings, Role.SECRETARY, branch_ids=ids)

    def member(self, person: dict[str, Any]) -> Headers:
        return bearer(self.client.runtime.settings, Role.MEMBER, member_id=uuid.UUID(person["id"]))

    @property
    def service(self) -> Headers:
        return bearer(self.client.runtime.settings, Role.SERVICE)


@pytest.fixture
async def world(roster: ServiceClient) -> World:
    http = roster.http
    branch_a, branch_b = await create_branch(http), await create_branch(http)
    group_a = await create_org_unit(http, "party_group", "第一党小组", branch_a["id"])
    member_a = await register(http, branch_a["id"], name="甲", phone="13800000001")
    member_b = await register(http, branch_b["id"], name="乙", phone="13800000002")
    return World(roster, branch_a, branch_b, group_a, member_a, member_b)


@pytest.fixture
async def anonymous(roster: ServiceClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the same app that sends no credentials (the test client signs in as admin)."""
    transport = httpx.ASGITransport(app=roster.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://roster") as client:
        yield client


def forbidden(answer: httpx.Response) -> None:
    assert answer.status_code == 403, (
        f"{answer.request.method} {answer.request.url}: {answer.status_code} {answer.text}"
    )
    refused(answer, 403, "forbidden")


# No credentials: every router


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/org-units"),
        ("POST", "/org-units"),
        ("GET", "/members"),
        ("GET", f"/members/{uuid.uuid4()}"),
        ("POST", f"/members/{uuid.uuid4()}/stage"),
        ("GET", f"/org-units/{uuid.uuid4()}/overdue-steps"),
        ("GET", "/honours"),
        ("GET", f"/members/{uuid.uuid4()}/discipline"),
        ("GET", f"/org-units/{uuid.uuid4()}/statistics"),
        ("GET", f"/org-units/{uuid.uuid4()}/committee"),
        ("GET", f"/committee-terms/{uuid.uuid4()}"),
        ("GET", f"/service-posts?branch_id={uuid.uuid4()}"),
        ("GET", f"/reserve-talents/{uuid.uuid4()}"),
    ],
)
async def test_a_request_without_credentials_is_unauthenticated(
    anonymous: httpx.AsyncClient, method: str, url: str
) -> None:
    refused(await anonymous.request(method, url, json={}), 401, "unauthenticated")


# Org units


async def test_a_secretary_sets_up_party_groups_of_their_branch_but_no_branches(world: World) -> None:
    as_a = world.secretary(world.branch_a)
    committee_id = world.branch_a["parent_id"]

    forbidden(
        await world.http.post(
            "/org-units", json={"kind": "branch", "name": "新支部", "parent_id": committee_id}, headers=as_a
        )
    )
    forbidden(
        await world.http.post(
            "/org-units", json={"kind": "party_group", "name": "乙组", "parent_id": world.branch_b["id"]}, headers=as_a
        )
    )
    group = {"kind": "party_group", "name": "第二党小组", "parent_id": world.branch_a["id"]}
    answered(await world.http.post("/org-units", json=group, headers=as_a), 201)


async def test_a_secretary_renames_their_groups_but_not_their_branch_nor_others_groups(world: World) -> None:
    as_a, as_b = world.secretary(world.branch_a), world.secretary(world.branch_b)

    forbidden(await world.http.patch(f"/org-units/{world.branch_a['id']}", json={"name": "改名支部"}, headers=as_a))
    forbidden(await world.http.patch(f"/org-units/{world.group_a['id']}", json={"name": "乙改"}, headers=as_b))
    forbidden(await world.http.post(f"/org-units/{world.group_a['id']}/dissolve", json={}, headers=as_b))
    forbidden(
        await world.http.post(
            f"/org-units/{world.group_a['id']}/move", json={"parent_id": world.branch_b["id"]}, headers=as_a
        )
    )
    renamed = answered(
        await world.http.patch(f"/org-units/{world.group_a['id']}", json={"name": "甲改"}, headers=as_a), 200
    )
    assert renamed["name"] == "甲改"


async def test_the_org_tree_is_readable_by_every_role(world: World) -> None:
    for headers in (world.member(world.member_b), world.service, world.secretary(world.branch_b)):
        answered(await world.http.get(f"/org-units/{world.branch_a['id']}", headers=headers), 200)
        answered(await world.http.get("/org-units", headers=headers), 200)


# Members


async def test_a_secretary_reads_and_changes_only_their_own_branch(world: World) -> None:
    as_a = world.secretary(world.branch_a)
    a, b = world.member_a, world.member_b

    forbidden(await world.http.get(f"/members/{b['id']}", headers=as_a))
    forbidden(await world.http.get(f"/members/{b['id']}/transfers", headers=as_a))
    forbidden(await world.http.patch(f"/members/{b['id']}", json={"position": "主任"}, headers=as_a))
    forbidden(await world.http.put(f"/members/{b['id']}/group", json={"group_id": None}, headers=as_a))
    forbidden(await world.http.post("/members", json=member_body(world.branch_b["id"]), headers=as_a))
    assert answered(await world.http.get(f"/members/{b['id']}"), 200)["position"] == b["position"], "unchanged"

    own = answered(await world.http.get(f"/members/{a['id']}", headers=as_a), 200)
    assert own["phone"] == "13800000001", "a branch's secretary sees their members' phones"
    changed = answered(await world.http.patch(f"/members/{a['id']}", json={"position": "主任"}, headers=as_a), 200)
    assert changed["position"] == "主任"
    group = {"group_id": world.group_a["id"]}
    answered(await world.http.put(f"/members/{a['id']}/group", json=group, headers=as_a), 200)
    answered(await world.http.post("/members", json=member_body(world.branch_a["id"]), headers=as_a), 201)


async def test_a_secretary_transfers_only_between_branches_they_manage(world: World) -> None:
    transfer = {"to_branch_id": world.branch_b["id"], "transferred_on": "2025-03-01"}
    url = f"/members/{world.member_a['id']}/transfer"

    forbidden(await world.http.post(url, json=transfer, headers=world.secretary(world.branch_a)))
    moved = answered(
        await world.http.post(url, json=transfer, headers=world.secretary(world.branch_a, world.branch_b)), 200
    )
    assert moved["branch_id"] == world.branch_b["id"]


async def test_a_secretary_lists_only_their_branch_and_may_not_filter_by_another(world: World) -> None:
    as_a = world.secretary(world.branch_a)

    listed = answered(await world.http.get("/members", headers=as_a), 200)
    assert [m["id"] for m in listed["items"]] == [world.member_a["id"]]
    assert listed["total"] == 1
    forbidden(await world.http.get("/members", params={"org_unit_id": world.branch_b["id"]}, headers=as_a))
    forbidden(await world.http.get("/members", params={"org_unit_id": world.branch_a["parent_id"]}, headers=as_a))
    answered(await world.http.get("/members", params={"org_unit_id": world.group_a["id"]}, headers=as_a), 200)


async def test_a_member_reads_themselves_only_and_writes_nothing(world: World) -> None:
    as_a = world.member(world.member_a)
    a, b = world.member_a, world.member_b

    forbidden(await world.http.get(f"/members/{b['id']}", headers=as_a))
    forbidden(await world.http.get("/members", headers=as_a))
    forbidden(await world.http.patch(f"/members/{a['id']}", json={"phone": "13900000000"}, headers=as_a))
    forbidden(await world.http.post("/members", json=member_body(world.branch_a["id"]), headers=as_a))
    themselves = answered(await world.http.get(f"/members/{a['id']}", headers=as_a), 200)
    assert themselves["phone"] == "13800000001"
    answered(await world.http.get(f"/members/{a['id']}/transfers", headers=as_a), 200)


async def test_a_machine_client_reads_without_phones_and_writes_nothing(world: World) -> None:
    one = answered(await world.http.get(f"/members/{world.member_a['id']}", headers=world.service), 200)
    assert (one["name"], one["phone"]) == ("甲", None)
    listed = answered(await world.http.get("/members", headers=world.service), 200)
    assert listed["total"] == 2
    assert {m["phone"] for m in listed["items"]} == {None}
    forbidden(await world.http.post("/members", json=member_body(world.branch_a["id"]), headers=world.service))
    forbidden(await world.http.patch(f"/members/{world.member_a['id']}", json={"position": "x"}, headers=world.service))


# The recruitment pipeline


async def test_pipeline_steps_and_overdue_lists_are_the_branchs_own(world: World) -> None:
    as_a = world.secretary(world.branch_a)
    applicant = await register(
        world.http, world.branch_b["id"], stage="applicant", applied_on="2025-01-02", probationary_on=None
    )

    talk = {"held_on": "2025-01-20"}
    forbidden(await world.http.post(f"/members/{applicant['id']}/application-talk", json=talk, headers=as_a))
    forbidden(await world.http.get(f"/org-units/{world.branch_b['id']}/overdue-steps", headers=as_a))
    forbidden(
        await world.http.get(f"/org-units/{world.branch_a['id']}/overdue-steps", headers=world.member(world.member_a))
    )
    answered(await world.http.get(f"/org-units/{world.group_a['id']}/overdue-steps", headers=as_a), 200)
    answered(await world.http.get(f"/org-units/{world.branch_b['id']}/overdue-steps", headers=world.service), 200)
    answered(
        await world.http.post(
            f"/members/{applicant['id']}/application-talk", json=talk, headers=world.secretary(world.branch_b)
        ),
        200,
    )


# Records: dues, honours, discipline


async def test_dues_are_recorded_by_the_branch_and_read_by_the_member_themself(world: World) -> None:
    a, b = world.member_a, world.member_b
    payment = {"month": "2025-01", "amount": "12.50"}

    forbidden(await world.http.post(f"/members/{b['id']}/dues", json=payment, headers=world.secretary(world.branch_a)))
    forbidden(await world.http.post(f"/members/{a['id']}/dues", json=payment, headers=world.member(a)))
    forbidden(await world.http.post(f"/members/{a['id']}/dues", json=payment, headers=world.service))
    paid = answered(
        await world.http.post(f"/members/{a['id']}/dues", json=payment, headers=world.secretary(world.branch_a)), 201
    )

    assert answered(await world.http.get(f"/members/{a['id']}/dues?year=2025", headers=world.member(a)), 200)["paid"]
    answered(await world.http.get(f"/dues-payments/{paid['id']}", headers=world.member(a)), 200)
    answered(await world.http.get(f"/dues-payments/{paid['id']}", headers=world.service), 200)
    forbidden(await world.http.get(f"/members/{a['id']}/dues", headers=world.member(b)))
    forbidden(await world.http.get(f"/dues-payments/{paid['id']}", headers=world.member(b)))
    forbidden(await world.http.get(f"/dues-payments/{paid['id']}", headers=world.secretary(world.branch_b)))


async def test_honours_are_recorded_and_listed_within_the_secretarys_branch(world: World) -> None:
    as_a = world.secretary(world.branch_a)
    honour = {"subject_kind": "member", "level": "factory", "title": "优秀共产党员", "awarded_on": "2025-06-28"}
    for_b = {
        "subject_kind": "branch",
        "branch_id": world.branch_b["id"],
        "level": "factory",
        "title": "先进支部",
        "awarded_on": "2025-06-28",
    }

    forbidden(await world.http.post("/honours", json={**honour, "member_id": world.member_b["id"]}, headers=as_a))
    forbidden(await world.http.post("/honours", json=for_b, headers=as_a))
    answered(await world.http.post("/honours", json=for_b), 201)
    mine = answered(
        await world.http.post("/honours", json={**honour, "member_id": world.member_a["id"]}, headers=as_a), 201
    )

    listed = answered(await world.http.get("/honours", headers=as_a), 200)
    assert [h["id"] for h in listed["items"]] == [mine["id"]], "narrowed to the secretary's branch"
    forbidden(await world.http.get("/honours", params={"branch_id": world.branch_b["id"]}, headers=as_a))
    forbidden(await world.http.get("/honours", params={"member_id": world.member_b["id"]}, headers=as_a))
    as_member = world.member(world.member_a)
    forbidden(await world.http.get("/honours", headers=as_member))
    own = answered(await world.http.get("/honours", params={"member_id": world.member_a["id"]}, headers=as_member), 200)
    assert own["total"] == 1
    answered(await world.http.get(f"/honours/{mine['id']}", headers=as_member), 200)
    forbidden(await world.http.get(f"/honours/{mine['id']}", headers=world.member(world.member_b)))
    assert answered(await world.http.get("/honours", headers=world.service), 200)["total"] == 2


async def test_discipline_is_seen_only_by_the_committee_the_branch_secretary_and_the_member(world: World) -> None:
    a = world.member_a
    url = f"/members/{a['id']}/discipline"

    forbidden(await world.http.post(url, json=DISCIPLINE, headers=world.secretary(world.branch_b)))
    forbidden(await world.http.post(url, json=DISCIPLINE, headers=world.service))
    record = answered(await world.http.post(url, json=DISCIPLINE, headers=world.secretary(world.branch_a)), 201)

    for outsider in (world.service, world.member(world.member_b), world.secretary(world.branch_b)):
        forbidden(await world.http.get(url, headers=outsider))
        forbidden(await world.http.get(f"/discipline-records/{record['id']}", headers=outsider))
    for insider in (world.member(a), world.secretary(world.branch_a), {}):
        assert len(answered(await world.http.get(url, headers=insider), 200)) == 1
        answered(await world.http.get(f"/discipline-records/{record['id']}", headers=insider), 200)


# Statistics


async def test_statistics_are_public_figures(world: World) -> None:
    for headers in (world.member(world.member_b), world.service, world.secretary(world.branch_b)):
        figures = answered(await world.http.get(f"/org-units/{world.branch_a['id']}/statistics", headers=headers), 200)
        assert figures["party_members"] == 1


# Branch committees


async def test_a_branch_committee_is_kept_by_its_own_secretary(world: World) -> None:
    as_a = world.secretary(world.branch_a)

    forbidden(await world.http.post(f"/org-units/{world.branch_b['id']}/committee/terms", json={}, headers=as_a))
    term = answered(
        await world.http.post(f"/org-units/{world.branch_a['id']}/committee/terms", json={}, headers=as_a), 201
    )
    seat = {"member_id": world.member_a["id"]}
    answered(
        await world.http.put(f"/org-units/{world.branch_a['id']}/committee/seats/secretary", json=seat, headers=as_a),
        200,
    )
    forbidden(
        await world.http.delete(
            f"/org-units/{world.branch_a['id']}/committee/seats/secretary",
            params={"reason": "免职"},
            headers=world.secretary(world.branch_b),
        )
    )

    forbidden(await world.http.get(f"/committee-terms/{term['id']}", headers=world.secretary(world.branch_b)))
    forbidden(
        await world.http.get(f"/org-units/{world.branch_a['id']}/committee", headers=world.member(world.member_a))
    )
    answered(await world.http.get(f"/org-units/{world.branch_a['id']}/committee", headers=world.service), 200)
    forbidden(
        await world.http.post(f"/org-units/{world.branch_a['id']}/committee/terms", json={}, headers=world.service)
    )


# Service work: departments, posts, reserve talent


async def test_service_work_belongs_to_the_branch(world: World) -> None:
    as_a, as_b = world.secretary(world.branch_a), world.secretary(world.branch_b)
    departments = f"/org-units/{world.branch_a['id']}/departments"

    forbidden(await world.http.post(departments, json={"name": "财务科"}, headers=as_b))
    department = answered(await world.http.post(departments, json={"name": "财务科"}, headers=as_a), 201)
    forbidden(await world.http.get(departments, headers=as_b))
    forbidden(await world.http.post(f"/departments/{department['id']}/remove", json={}, headers=as_b))
    answered(await world.http.get(f"/departments/{department['id']}", headers=world.service), 200)

    post = {
        "branch_id": world.branch_a["id"],
        "kind": "vanguard_post",
        "name": "先锋岗",
        "holder_ids": [world.member_a["id"]],
        "department_ids": [department["id"]],
    }
    forbidden(await world.http.post("/service-posts", json=post, headers=as_b))
    forbidden(await world.http.post("/service-posts", json=post, headers=world.service))
    opened = answered(await world.http.post("/service-posts", json=post, headers=as_a), 201)
    forbidden(await world.http.get("/service-posts", params={"branch_id": world.branch_a["id"]}, headers=as_b))
    forbidden(await world.http.post(f"/service-posts/{opened['id']}/close", json={}, headers=as_b))
    answered(
        await world.http.get("/service-posts", params={"branch_id": world.branch_a["id"]}, headers=world.service), 200
    )

    talent = {**TALENT, "branch_id": world.branch_a["id"], "mentor_id": world.member_a["id"]}
    forbidden(await world.http.post("/reserve-talents", json=talent, headers=as_b))
    added = answered(await world.http.post("/reserve-talents", json=talent, headers=as_a), 201)
    forbidden(await world.http.get(f"/reserve-talents/{added['id']}", headers=as_b))
    forbidden(await world.http.get(f"/reserve-talents/{added['id']}", headers=world.member(world.member_a)))
    forbidden(await world.http.post(f"/reserve-talents/{added['id']}/remove", json={"reason": "离厂"}, headers=as_b))
    answered(await world.http.get(f"/reserve-talents/{added['id']}", headers=world.service), 200)
    answered(
        await world.http.post(f"/reserve-talents/{added['id']}/remove", json={"reason": "离厂"}, headers=as_a), 200
    )
