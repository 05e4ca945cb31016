"""People on the roster through roster's API, on the real stack."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from bastion.clock import local_today
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_count, outbox_events
from tests.support.roster import create_branch, create_org_unit, member_body, register

TODAY = local_today("Asia/Shanghai")


async def test_registering_stores_the_person_and_announces_everything_but_the_phone(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    body = member_body(branch["id"], name="  陈静 ", gender="female", phone="138 0000 1234", member_class="special")
    answer = await roster.http.post("/members", json=body)

    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["name"] == "陈静"
    assert created["full_on"] == "1991-07-01", "confirmed a year after joining unless said otherwise"
    assert answer.headers["location"] == f"/members/{created['id']}"
    fetched = (await roster.http.get(answer.headers["location"])).json()
    assert fetched == {k: v for k, v in created.items() if k != "event_ids"}

    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.member.registered.v1")
    assert [str(event.id)] == created["event_ids"]
    assert event.subject == created["id"]
    snapshot = event.data["member"]
    assert snapshot["branch_id"] == branch["id"]
    assert snapshot["stage"] == "full"
    assert snapshot["member_class"] == "special"
    assert "phone" not in snapshot
    assert event.traceparent is not None
    assert event.traceparent.split("-")[1] == answer.headers["traceparent"].split("-")[1]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"birth_date": (TODAY + timedelta(days=1)).isoformat()}, "birth_date_in_future"),
        ({"birth_date": "1990-01-01", "probationary_on": "1980-01-01"}, "date_before_birth"),
        ({"birth_date": "2000-06-01", "probationary_on": "2017-06-01"}, "minimum_age"),
        ({"stage": "applicant", "probationary_on": None}, "stage_date_required"),
        (
            {"stage": "applicant", "applied_on": "2020-01-01", "probationary_on": "2021-01-01"},
            "stage_date_ahead_of_stage",
        ),
        (
            {"stage": "candidate", "activist_on": "2020-01-01", "candidate_on": "2019-01-01", "probationary_on": None},
            "date_order",
        ),
        ({"full_on": "1990-12-01"}, "probation_period"),
        ({"probationary_on": (TODAY - timedelta(days=30)).isoformat()}, "date_in_future"),
        ({"stage": "probationary", "probationary_on": (TODAY + timedelta(days=3)).isoformat()}, "date_in_future"),
    ],
)
async def test_impossible_dates_are_refused_and_nothing_is_written(
    roster: ServiceClient, changes: dict[str, object], code: str
) -> None:
    branch = await create_branch(roster.http)
    before = await outbox_count(roster.runtime.engine)
    answer = await roster.http.post("/members", json=member_body(branch["id"], **changes))

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == code
    assert await outbox_count(roster.runtime.engine) == before
    assert (await roster.http.get("/members", params={"org_unit_id": branch["id"]})).json()["total"] == 0


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"education": "phd"}, "education", "取值无效"),
        ({"branch_id": "branch-4"}, "branch_id", "不是有效的 UUID"),
        ({"birth_date": "1968-02-30"}, "birth_date", "不是有效的日期"),
        ({"name": "   "}, "name", "太短或为空"),
        ({"phone": "call me"}, "phone", "格式不正确"),
        ({"unexpected": 1}, "unexpected", "不允许的字段"),
        ({"employee_number": None}, "employee_number", "缺少必填字段"),
    ],
)
async def test_malformed_requests_get_a_422_that_names_the_field(
    roster: ServiceClient, changes: dict[str, object], field: str, problem: str
) -> None:
    answer = await roster.http.post("/members", json=member_body(uuid.uuid4(), **changes))

    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "invalid_request"
    assert [e["field"] for e in body["errors"]] == [field]
    assert problem in body["errors"][0]["problem"]


async def test_the_branch_must_exist_be_a_branch_and_be_active(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    unknown = await roster.http.post("/members", json=member_body(uuid.uuid4()))
    committee = await roster.http.post("/members", json=member_body(branch["parent_id"]))
    await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={})
    dissolved = await roster.http.post("/members", json=member_body(branch["id"]))

    assert (unknown.status_code, unknown.json()["error"]) == (422, "unknown_org_unit")
    assert (committee.status_code, committee.json()["error"]) == (422, "wrong_org_unit_kind")
    assert (dissolved.status_code, dissolved.json()["error"]) == (409, "org_unit_dissolved")


async def test_an_employee_number_belongs_to_one_person(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    first = await register(roster.http, branch["id"], employee_number="GD04-007")
    other = await register(roster.http, branch["id"], employee_number="GD04-008")
    before = await outbox_count(roster.runtime.engine)

    again = await roster.http.post("/members", json=member_body(branch["id"], employee_number="GD04-007"))
    clash = await roster.http.patch(f"/members/{other['id']}", json={"employee_number": "GD04-007"})

    assert (again.status_code, again.json()["error"]) == (409, "duplicate_employee_number")
    assert "GD04-007" in again.json()["message"]
    assert (clash.status_code, clash.json()["error"]) == (409, "duplicate_employee_number")
    assert await outbox_count(roster.runtime.engine) == before
    assert (await roster.http.get(f"/members/{first['id']}")).json()["employee_number"] == "GD04-007"


async def test_updating_changes_only_what_is_given(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    person = await register(roster.http, branch["id"], phone="13800001111")

    updated = await roster.http.patch(f"/members/{person['id']}", json={"position": "班长", "phone": ""})
    unchanged = await roster.http.patch(f"/members/{person['id']}", json={"position": "班长"})
    too_young = await roster.http.patch(f"/members/{person['id']}", json={"birth_date": "1980-01-01"})

    assert updated.json()["position"] == "班长"
    assert updated.json()["phone"] is None
    assert updated.json()["department"] == person["department"]
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.member.updated.v1")
    assert event.data["changed_fields"] == ["phone", "position"]
    assert (unchanged.status_code, unchanged.json()["error"]) == (409, "nothing_to_update")
    assert (too_young.status_code, too_young.json()["error"]) == (422, "minimum_age")


async def test_a_transfer_moves_the_person_keeps_history_and_leaves_the_group(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    other = await create_org_unit(roster.http, "branch", "另一支部", branch["parent_id"])
    group = await create_org_unit(roster.http, "party_group", "小组", branch["id"])
    person = await register(roster.http, branch["id"])
    await roster.http.put(f"/members/{person['id']}/group", json={"group_id": group["id"], "role": "leader"})

    moved = await roster.http.post(
        f"/members/{person['id']}/transfer", json={"to_branch_id": other["id"], "transferred_on": "2026-03-01"}
    )
    same = await roster.http.post(
        f"/members/{person['id']}/transfer", json={"to_branch_id": other["id"], "transferred_on": "2026-03-02"}
    )
    to_group = await roster.http.post(
        f"/members/{person['id']}/transfer", json={"to_branch_id": group["id"], "transferred_on": "2026-03-02"}
    )
    history = (await roster.http.get(f"/members/{person['id']}/transfers")).json()

    assert moved.status_code == 200
    assert moved.json()["branch_id"] == other["id"]
    assert moved.json()["group_id"] is None
    assert (same.status_code, same.json()["error"]) == (409, "same_branch")
    assert (to_group.status_code, to_group.json()["error"]) == (422, "wrong_org_unit_kind")
    assert [(h["from_branch_id"], h["to_branch_id"], h["transferred_on"]) for h in history] == [
        (branch["id"], other["id"], "2026-03-01")
    ]
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.member.transferred.v1")
    assert event.data["left_group_id"] == group["id"]
    assert event.data["member"]["branch_id"] == other["id"]


async def test_leaving_the_active_roster_happens_once(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    person = await register(roster.http, branch["id"])
    status = {"status": "deceased", "changed_on": "2026-04-01", "reason": "病故"}

    first = await roster.http.post(f"/members/{person['id']}/status", json=status)
    second = await roster.http.post(f"/members/{person['id']}/status", json={**status, "status": "lapsed"})
    back = await roster.http.post(f"/members/{person['id']}/status", json={**status, "status": "active"})
    active_list = (await roster.http.get("/members", params={"org_unit_id": branch["id"]})).json()
    all_list = (await roster.http.get("/members", params={"org_unit_id": branch["id"], "status": ["deceased"]})).json()

    assert first.json()["status"] == "deceased"
    assert (second.status_code, second.json()["error"]) == (409, "member_not_active")
    assert back.status_code == 409
    assert active_list["total"] == 0
    assert all_list["total"] == 1
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.member.status_changed.v1")
    assert (event.data["previous_status"], event.data["member"]["status"]) == ("active", "deceased")


async def test_party_groups_belong_to_the_branch_and_have_one_leader(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    other = await create_branch(roster.http)
    group = await create_org_unit(roster.http, "party_group", "第一党小组", branch["id"])
    foreign = await create_org_unit(roster.http, "party_group", "外支部小组", other["id"])
    first, second = await register(roster.http, branch["id"]), await register(roster.http, branch["id"])

    await roster.http.put(f"/members/{first['id']}/group", json={"group_id": group["id"], "role": "leader"})
    second_leader = await roster.http.put(
        f"/members/{second['id']}/group", json={"group_id": group["id"], "role": "leader"}
    )
    wrong_branch = await roster.http.put(f"/members/{first['id']}/group", json={"group_id": foreign["id"]})
    left = await roster.http.put(f"/members/{second['id']}/group", json={"group_id": None})

    assert second_leader.json()["group_role"] == "leader"
    assert (await roster.http.get(f"/members/{first['id']}")).json()["group_role"] == "member", (
        "the old leader steps down"
    )
    assert (wrong_branch.status_code, wrong_branch.json()["error"]) == (422, "group_of_other_branch")
    assert left.json()["group_id"] is None
    changes = await outbox_events(roster.runtime.engine, "bastion.roster.member.group_changed.v1")
    assert [(e.subject, e.data["member"]["group_role"]) for e in changes] == [
        (first["id"], "leader"),
        (first["id"], "member"),
        (second["id"], "leader"),
        (second["id"], None),
    ]


async def test_people_are_listed_by_unit_stage_and_name(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    group = await create_org_unit(roster.http, "party_group", "小组", branch["id"])
    wang = await register(roster.http, branch["id"], name="王建国")
    await register(
        roster.http,
        branch["id"],
        name="李丽",
        stage="applicant",
        applied_on="2026-01-10",
        probationary_on=None,
        birth_date="2001-02-03",
    )
    await register(roster.http, branch["id"], name="王_芳%")
    await roster.http.put(f"/members/{wang['id']}/group", json={"group_id": group["id"]})

    def names(answer: dict[str, object]) -> list[str]:
        return [item["name"] for item in answer["items"]]  # type: ignore[index, union-attr]

    committee_wide = (await roster.http.get("/members", params={"org_unit_id": branch["parent_id"]})).json()
    in_group = (await roster.http.get("/members", params={"org_unit_id": group["id"]})).json()
    applicants = (await roster.http.get("/members", params={"org_unit_id": branch["id"], "stage": "applicant"})).json()
    wangs = (await roster.http.get("/members", params={"org_unit_id": branch["id"], "q": "王"})).json()
    literal = (await roster.http.get("/members", params={"org_unit_id": branch["id"], "q": "_芳%"})).json()
    paged = (await roster.http.get("/members", params={"org_unit_id": branch["id"], "page_size": 1, "page": 2})).json()

    assert committee_wide["total"] == 3
    assert names(in_group) == ["王建国"]
    assert names(applicants) == ["李丽"]
    assert sorted(names(wangs)) == ["王_芳%", "王建国"]
    assert names(literal) == ["王_芳%"], "wildcards in the search are taken literally"
    assert (paged["total"], len(paged["items"])) == (3, 1)


async def test_an_unknown_person_is_a_404_and_a_malformed_id_a_422(roster: ServiceClient) -> None:
    unknown = await roster.http.get(f"/members/{uuid.uuid4()}")
    malformed = await roster.http.get("/members/not-an-id")

    assert (unknown.status_code, unknown.json()["error"]) == (404, "member_not_found")
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "path.member_id"
