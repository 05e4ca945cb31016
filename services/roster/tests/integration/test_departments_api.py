"""Served departments (服务对象部门目录) through roster's API, on the real stack."""

from __future__ import annotations

import uuid

from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from roster.adapters.orm import departments, reserve_talents, service_posts
from tests.support.roster import add_department, create_branch, refused, today, tomorrow


async def written(client: ServiceClient) -> dict[str, int]:
    """Rows of the outbox, departments, posts and talents: what a refused request must leave alone."""
    return await rows_written(client.runtime.engine, departments, service_posts, reserve_talents)


async def test_adding_a_department_records_and_announces_it(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)

    answer = await roster.http.post(f"/org-units/{branch['id']}/departments", json={"name": " 财务科 "})

    assert answer.status_code == 201, answer.text
    department = answer.json()
    assert (department["name"], department["active"]) == ("财务科", True)
    assert department["added_on"] == today(roster).isoformat()
    assert answer.headers["location"] == f"/departments/{department['id']}"
    [added] = await outbox_events(roster.runtime.engine, "bastion.roster.served_department.added.v1")
    assert department["event_ids"] == [str(added.id)]
    assert added.data == {
        "department_id": department["id"],
        "branch_id": branch["id"],
        "name": "财务科",
        "added_on": today(roster).isoformat(),  # from when it counts in the branch's past figures
    }
    fetched = (await roster.http.get(f"/departments/{department['id']}")).json()
    assert fetched == {k: v for k, v in department.items() if k != "event_ids"}


async def test_a_department_name_appears_once_among_the_current_ones(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    first = await add_department(roster.http, branch)
    before = await written(roster)

    duplicate = await roster.http.post(f"/org-units/{branch['id']}/departments", json={"name": "财务科"})

    refused(duplicate, 409, "duplicate_department")
    assert await written(roster) == before
    await roster.http.post(f"/departments/{first['id']}/remove", json={"removed_on": "2025-06-01"})
    again = await roster.http.post(f"/org-units/{branch['id']}/departments", json={"name": "财务科"})
    assert again.status_code == 201, "a removed department's name may be used again"
    other_branch = await create_branch(roster.http)
    assert (await add_department(roster.http, other_branch))["name"] == "财务科"


async def test_the_department_list_shows_current_ones_unless_asked_for_all(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    finance = await add_department(roster.http, branch, "财务科")
    await add_department(roster.http, branch, "安全科")
    await roster.http.post(f"/departments/{finance['id']}/remove", json={"removed_on": "2025-06-01"})
    url = f"/org-units/{branch['id']}/departments"

    current = (await roster.http.get(url)).json()
    everything = (await roster.http.get(url, params={"include_removed": "true"})).json()

    assert [d["name"] for d in current] == ["安全科"]
    assert sorted(d["name"] for d in everything) == ["安全科", "财务科"]


async def test_removing_a_department_is_announced_once(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    department = await add_department(roster.http, branch)
    url = f"/departments/{department['id']}/remove"
    before = await written(roster)

    early = await roster.http.post(url, json={"removed_on": "2024-12-31"})
    future = await roster.http.post(url, json={"removed_on": tomorrow(roster).isoformat()})
    assert await written(roster) == before
    removed = await roster.http.post(url, json={"removed_on": "2025-06-01"})
    twice = await roster.http.post(url, json={})

    refused(early, 422, "date_order")
    refused(future, 422, "date_in_future")
    assert removed.status_code == 200, removed.text
    assert (removed.json()["removed_on"], removed.json()["active"]) == ("2025-06-01", False)
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.served_department.removed.v1")
    assert event.data == {
        "department_id": department["id"],
        "branch_id": branch["id"],
        "name": "财务科",
        "removed_on": "2025-06-01",
    }
    refused(twice, 409, "department_removed")


async def test_departments_belong_to_an_existing_branch(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    before = await written(roster)

    unknown = await roster.http.post(f"/org-units/{uuid.uuid4()}/departments", json={"name": "科"})
    committee = await roster.http.post(f"/org-units/{branch['parent_id']}/departments", json={"name": "科"})
    missing = await roster.http.get(f"/departments/{uuid.uuid4()}")

    refused(unknown, 404, "org_unit_not_found")
    refused(committee, 422, "wrong_org_unit_kind")
    refused(missing, 404, "department_not_found")
    assert await written(roster) == before
