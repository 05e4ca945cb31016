"""Service posts (党员流动服务岗、党员先锋岗) through roster's API, on the real stack."""

from __future__ import annotations

import uuid
from typing import Any

from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from roster.adapters.orm import departments, reserve_talents, service_posts
from tests.support.roster import add_department, create_branch, refused, register, tomorrow


async def written(client: ServiceClient) -> dict[str, int]:
    """Rows of the outbox, departments, posts and talents: what a refused request must leave alone."""
    return await rows_written(client.runtime.engine, departments, service_posts, reserve_talents)


def post_body(branch: dict[str, Any], holders: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    body = {
        "branch_id": branch["id"],
        "kind": "mobile_service_post",
        "name": "卷包车间流动服务岗",
        "holder_ids": [holder["id"] for holder in holders],
        "department_ids": [],
        "assigned_on": "2025-03-01",
    }
    return body | changes


async def test_opening_a_post_announces_its_whole_state(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    holder = await register(roster.http, branch["id"], name="赵强")
    probationary = await register(
        roster.http, branch["id"], name="钱芳", stage="probationary", probationary_on="2025-06-01"
    )
    department = await add_department(roster.http, branch)

    answer = await roster.http.post(
        "/service-posts", json=post_body(branch, [holder, probationary], department_ids=[department["id"]])
    )

    assert answer.status_code == 201, answer.text
    post = answer.json()
    assert answer.headers["location"] == f"/service-posts/{post['id']}"
    [assigned] = await outbox_events(roster.runtime.engine, "bastion.roster.service_post.assigned.v1")
    assert post["event_ids"] == [str(assigned.id)]
    assert assigned.data == {
        "post_id": post["id"],
        "branch_id": branch["id"],
        "kind": "mobile_service_post",
        "name": "卷包车间流动服务岗",
        "holder_ids": [holder["id"], probationary["id"]],
        "department_ids": [department["id"]],
        "assigned_on": "2025-03-01",
    }
    assert (await roster.http.get(f"/service-posts/{post['id']}")).json()["open"] is True


async def test_posts_are_listed_per_branch_and_kind(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    holder = await register(roster.http, branch["id"], name="赵强")
    await roster.http.post("/service-posts", json=post_body(branch, [holder], name="流动岗"))
    await roster.http.post("/service-posts", json=post_body(branch, [holder], kind="vanguard_post", name="先锋岗"))
    other_branch = await create_branch(roster.http)
    other_holder = await register(roster.http, other_branch["id"], name="孙丽")
    await roster.http.post("/service-posts", json=post_body(other_branch, [other_holder], name="别处的岗"))

    every_kind = (await roster.http.get("/service-posts", params={"branch_id": branch["id"]})).json()
    vanguard = (
        await roster.http.get("/service-posts", params={"branch_id": branch["id"], "kind": "vanguard_post"})
    ).json()

    assert sorted(p["name"] for p in every_kind) == ["先锋岗", "流动岗"]
    assert [p["name"] for p in vanguard] == ["先锋岗"]
    refused(await roster.http.get("/service-posts"), 422, "invalid_request")


async def test_post_rules_are_enforced_and_a_refusal_writes_nothing(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    holder = await register(roster.http, branch["id"], name="赵强")
    activist = await register(
        roster.http, branch["id"], name="李积极", stage="activist", activist_on="2025-01-01", probationary_on=None
    )
    other_branch = await create_branch(roster.http)
    outsider = await register(roster.http, other_branch["id"], name="外支部党员")
    foreign_department = await add_department(roster.http, other_branch)
    removed_department = await add_department(roster.http, branch, "已撤科室")
    await roster.http.post(f"/departments/{removed_department['id']}/remove", json={"removed_on": "2025-02-01"})
    before = await written(roster)

    cases = {
        "holder_not_party_member": post_body(branch, [activist]),
        "holder_other_branch": post_body(branch, [holder, outsider]),
        "holders_required": post_body(branch, []),
        "holders_distinct": post_body(branch, [holder, holder]),
        "unknown_member": post_body(branch, [{"id": str(uuid.uuid4())}]),
        "unknown_department": post_body(branch, [holder], department_ids=[str(uuid.uuid4())]),
        "department_other_branch": post_body(branch, [holder], department_ids=[foreign_department["id"]]),
        "department_removed": post_body(branch, [holder], department_ids=[removed_department["id"]]),
        "date_in_future": post_body(branch, [holder], assigned_on=tomorrow(roster).isoformat()),
        "wrong_org_unit_kind": post_body({"id": branch["parent_id"]}, [holder]),
    }
    for code, body in cases.items():
        refused(await roster.http.post("/service-posts", json=body), 422, code)
    assert await written(roster) == before


async def test_changing_a_post_replaces_it_and_announces_the_whole_post_again(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    first, second = [await register(roster.http, branch["id"], name=name) for name in ("赵强", "孙丽")]
    department = await add_department(roster.http, branch)
    post = (await roster.http.post("/service-posts", json=post_body(branch, [first]))).json()
    change = {"name": "新岗名", "holder_ids": [second["id"]], "department_ids": [department["id"]]}

    answer = await roster.http.put(f"/service-posts/{post['id']}", json=change)

    assert answer.status_code == 200, answer.text
    assert (answer.json()["name"], answer.json()["holder_ids"]) == ("新岗名", [second["id"]])
    assigned = await outbox_events(roster.runtime.engine, "bastion.roster.service_post.assigned.v1")
    assert [str(e.id) for e in assigned] == post["event_ids"] + answer.json()["event_ids"]
    assert assigned[-1].data == {
        "post_id": post["id"],
        "branch_id": branch["id"],
        "kind": "mobile_service_post",
        "name": "新岗名",
        "holder_ids": [second["id"]],
        "department_ids": [department["id"]],
        "assigned_on": "2025-03-01",
    }
    before = await written(roster)
    refused(await roster.http.put(f"/service-posts/{post['id']}", json=change), 409, "nothing_to_update")
    refused(
        await roster.http.put(f"/service-posts/{post['id']}", json=change | {"holder_ids": []}), 422, "holders_required"
    )
    assert await written(roster) == before


async def test_a_closed_post_is_announced_once_and_then_left_alone(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    holder = await register(roster.http, branch["id"], name="赵强")
    post = (await roster.http.post("/service-posts", json=post_body(branch, [holder]))).json()
    url = f"/service-posts/{post['id']}"

    early = await roster.http.post(f"{url}/close", json={"closed_on": "2025-02-28"})
    closed = await roster.http.post(f"{url}/close", json={"closed_on": "2025-12-31"})

    refused(early, 422, "date_order")
    assert closed.status_code == 200, closed.text
    assert (closed.json()["closed_on"], closed.json()["open"]) == ("2025-12-31", False)
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.service_post.closed.v1")
    assert closed.json()["event_ids"] == [str(event.id)]
    assert event.data == {
        "post_id": post["id"],
        "branch_id": branch["id"],
        "kind": "mobile_service_post",
        "closed_on": "2025-12-31",
    }
    before = await written(roster)
    refused(await roster.http.post(f"{url}/close", json={}), 409, "service_post_closed")
    change = {"name": "岗", "holder_ids": [holder["id"]]}
    refused(await roster.http.put(url, json=change), 409, "service_post_closed")
    assert await written(roster) == before
    listed = (await roster.http.get("/service-posts", params={"branch_id": branch["id"]})).json()
    with_closed = await roster.http.get("/service-posts", params={"branch_id": branch["id"], "include_closed": True})
    assert (listed, [p["id"] for p in with_closed.json()]) == ([], [post["id"]])
    refused(await roster.http.get(f"/service-posts/{uuid.uuid4()}"), 404, "service_post_not_found")


async def test_a_department_an_open_post_serves_cannot_be_removed(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    holder = await register(roster.http, branch["id"], name="赵强")
    department = await add_department(roster.http, branch)
    body = post_body(branch, [holder], department_ids=[department["id"]])
    post = (await roster.http.post("/service-posts", json=body)).json()
    before = await written(roster)

    in_use = await roster.http.post(f"/departments/{department['id']}/remove", json={"removed_on": "2025-06-01"})

    refused(in_use, 409, "department_in_use")
    assert "卷包车间流动服务岗" in in_use.json()["message"]
    assert await written(roster) == before
    await roster.http.post(f"/service-posts/{post['id']}/close", json={"closed_on": "2025-06-01"})
    after_close = await roster.http.post(f"/departments/{department['id']}/remove", json={"removed_on": "2025-06-01"})
    assert after_close.status_code == 200, after_close.text
