"""Reserve talent (后备力量) through roster's API, on the real stack."""

from __future__ import annotations

import uuid
from typing import Any

from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from roster.adapters.orm import departments, reserve_talents, service_posts
from tests.support.roster import create_branch, refused, register, tomorrow


async def written(client: ServiceClient) -> dict[str, int]:
    """Rows of the outbox, departments, posts and talents: what a refused request must leave alone."""
    return await rows_written(client.runtime.engine, departments, service_posts, reserve_talents)


def talent_body(branch: dict[str, Any], mentor: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "branch_id": branch["id"],
        "name": "王小青",
        "gender": "female",
        "birth_date": "2000-05-04",
        "education": "bachelor",
        "department": "卷包车间",
        "mentor_id": mentor["id"],
        "added_on": "2025-04-01",
    }
    return body | changes


async def test_adding_a_reserve_talent_records_and_announces_them(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    mentor = await register(roster.http, branch["id"], name="周师傅")
    applicant = await register(
        roster.http,
        branch["id"],
        name="王小青",
        stage="applicant",
        applied_on="2025-03-01",
        probationary_on=None,
        birth_date="2000-05-04",
    )

    answer = await roster.http.post("/reserve-talents", json=talent_body(branch, mentor, member_id=applicant["id"]))

    assert answer.status_code == 201, answer.text
    talent = answer.json()
    assert answer.headers["location"] == f"/reserve-talents/{talent['id']}"
    [added] = await outbox_events(roster.runtime.engine, "bastion.roster.reserve_talent.added.v1")
    assert talent["event_ids"] == [str(added.id)]
    assert added.data == {
        "talent_id": talent["id"],
        "branch_id": branch["id"],
        "name": "王小青",
        "gender": "female",
        "birth_date": "2000-05-04",
        "education": "bachelor",
        "department": "卷包车间",
        "mentor_id": mentor["id"],
        "member_id": applicant["id"],
        "added_on": "2025-04-01",
    }
    fetched = (await roster.http.get(f"/reserve-talents/{talent['id']}")).json()
    assert fetched == {k: v for k, v in talent.items() if k != "event_ids"}
    refused(await roster.http.get(f"/reserve-talents/{uuid.uuid4()}"), 404, "reserve_talent_not_found")


async def test_a_reserve_talent_is_at_least_fourteen(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    mentor = await register(roster.http, branch["id"], name="周师傅")
    before = await written(roster)

    thirteen = await roster.http.post("/reserve-talents", json=talent_body(branch, mentor, birth_date="2011-04-02"))
    unborn = await roster.http.post(
        "/reserve-talents", json=talent_body(branch, mentor, birth_date=tomorrow(roster).isoformat())
    )

    refused(thirteen, 422, "reserve_talent_too_young")
    assert "须年满 14 周岁" in thirteen.json()["message"]
    refused(unborn, 422, "birth_date_in_future")
    assert await written(roster) == before
    fourteen = await roster.http.post("/reserve-talents", json=talent_body(branch, mentor, birth_date="2011-04-01"))
    assert fourteen.status_code == 201, fourteen.text


async def test_reserve_talent_rules_are_enforced_and_a_refusal_writes_nothing(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    mentor = await register(roster.http, branch["id"], name="周师傅")
    probationary = await register(
        roster.http, branch["id"], name="钱芳", stage="probationary", probationary_on="2025-01-01"
    )
    other_branch = await create_branch(roster.http)
    outsider = await register(roster.http, other_branch["id"], name="外支部党员")
    in_reserve = await register(
        roster.http, branch["id"], name="已在后备", stage="applicant", applied_on="2025-01-01", probationary_on=None
    )
    await roster.http.post("/reserve-talents", json=talent_body(branch, mentor, member_id=in_reserve["id"]))
    before = await written(roster)

    cases = {
        (422, "mentor_not_full_member"): talent_body(branch, probationary),
        (422, "mentor_other_branch"): talent_body(branch, outsider),
        (422, "unknown_member"): talent_body(branch, {"id": str(uuid.uuid4())}),
        (422, "reserve_member_not_on_roster"): talent_body(branch, mentor, member_id=outsider["id"]),
        (422, "mentor_is_talent"): talent_body(branch, mentor, member_id=mentor["id"]),
        (422, "date_in_future"): talent_body(branch, mentor, added_on=tomorrow(roster).isoformat()),
        (422, "unknown_org_unit"): talent_body({"id": str(uuid.uuid4())}, mentor),
        (409, "already_reserve_talent"): talent_body(branch, mentor, member_id=in_reserve["id"]),
    }
    for (status, code), body in cases.items():
        refused(await roster.http.post("/reserve-talents", json=body), status, code)
    assert await written(roster) == before


async def test_removing_a_reserve_talent_is_announced_once(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    mentor = await register(roster.http, branch["id"], name="周师傅")
    talent = (await roster.http.post("/reserve-talents", json=talent_body(branch, mentor))).json()
    url = f"/reserve-talents/{talent['id']}/remove"
    before = await written(roster)

    no_reason = await roster.http.post(url, json={"removed_on": "2025-09-01"})
    early = await roster.http.post(url, json={"removed_on": "2025-03-31", "reason": "调离"})
    assert await written(roster) == before
    removed = await roster.http.post(url, json={"removed_on": "2025-09-01", "reason": "已确定为入党积极分子"})
    twice = await roster.http.post(url, json={"reason": "再次"})

    refused(no_reason, 422, "invalid_request")
    refused(early, 422, "date_order")
    assert removed.status_code == 200, removed.text
    assert (removed.json()["active"], removed.json()["remove_reason"]) == (False, "已确定为入党积极分子")
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.reserve_talent.removed.v1")
    assert event.data == {
        "talent_id": talent["id"],
        "branch_id": branch["id"],
        "removed_on": "2025-09-01",
        "reason": "已确定为入党积极分子",
    }
    refused(twice, 409, "reserve_talent_removed")
    listed = (await roster.http.get("/reserve-talents", params={"branch_id": branch["id"]})).json()
    everyone = (
        await roster.http.get("/reserve-talents", params={"branch_id": branch["id"], "include_removed": True})
    ).json()
    assert (listed, [t["id"] for t in everyone]) == ([], [talent["id"]])
