"""The organisation tree through roster's API, on the real stack."""

from __future__ import annotations

import uuid

from bastion.clock import local_today
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_count, outbox_events
from tests.support.roster import create_branch, create_org_unit, register


async def test_a_tree_is_built_and_each_unit_is_announced(roster: ServiceClient) -> None:
    committee = await create_org_unit(roster.http, "party_committee", "贵定卷烟厂党委")
    general = await create_org_unit(roster.http, "general_branch", "机关总支", committee["id"])
    branch = await create_org_unit(roster.http, "branch", "四支部", general["id"])
    group = await create_org_unit(roster.http, "party_group", "第一党小组", branch["id"])

    assert group["ancestor_ids"] == [committee["id"], general["id"], branch["id"]]
    assert (await roster.http.get(f"/org-units/{group['id']}")).json()["parent_id"] == branch["id"]
    created = await outbox_events(roster.runtime.engine, "bastion.roster.org_unit.created.v1")
    assert [e.data["org_unit"]["name"] for e in created] == ["贵定卷烟厂党委", "机关总支", "四支部", "第一党小组"]
    assert created[-1].subject == group["id"]
    assert created[-1].data["org_unit"]["ancestor_ids"] == group["ancestor_ids"]
    assert group["event_ids"] == [str(created[-1].id)]


async def test_a_unit_keeps_the_day_it_was_set_up_and_its_events_say_when_it_existed(roster: ServiceClient) -> None:
    suffix = uuid.uuid4().hex[:4]
    committee = await roster.http.post(
        "/org-units", json={"kind": "party_committee", "name": f"党委{suffix}", "established_on": "2020-01-01"}
    )
    branch = await roster.http.post(
        "/org-units",
        json={"kind": "branch", "name": "四支部", "parent_id": committee.json()["id"], "established_on": "2020-05-01"},
    )
    group = {"kind": "party_group", "name": "第四党小组", "parent_id": branch.json()["id"]}
    before = await outbox_count(roster.runtime.engine)
    too_early = await roster.http.post("/org-units", json={**group, "established_on": "2020-04-30"})
    future = await roster.http.post("/org-units", json={**group, "established_on": "2999-01-01"})
    refused_nothing_written = await outbox_count(roster.runtime.engine) == before
    december = await roster.http.post("/org-units", json={**group, "established_on": "2025-12-10"})
    unit = december.json()
    dissolved_before = await roster.http.post(f"/org-units/{unit['id']}/dissolve", json={"dissolved_on": "2025-12-09"})
    dissolved = await roster.http.post(f"/org-units/{unit['id']}/dissolve", json={"dissolved_on": "2026-01-15"})
    today_by_default = await create_org_unit(roster.http, "party_group", "第五党小组", branch.json()["id"])

    assert (too_early.status_code, too_early.json()["error"]) == (422, "date_order")
    assert "早于上级「四支部」的成立日期 2020-05-01" in too_early.json()["message"]
    assert (future.status_code, future.json()["error"]) == (422, "date_in_future")
    assert refused_nothing_written
    assert (december.status_code, unit["established_on"]) == (201, "2025-12-10")
    assert (dissolved_before.status_code, dissolved_before.json()["error"]) == (422, "date_order")
    assert dissolved.json()["dissolved_on"] == "2026-01-15"
    assert today_by_default["established_on"] == local_today("Asia/Shanghai").isoformat()
    created = (await outbox_events(roster.runtime.engine, "bastion.roster.org_unit.created.v1"))[-2]
    gone = (await outbox_events(roster.runtime.engine, "bastion.roster.org_unit.dissolved.v1"))[-1]
    assert (created.subject, created.data["org_unit"]["established_on"]) == (unit["id"], "2025-12-10")
    assert (gone.data["org_unit"]["established_on"], gone.data["org_unit"]["dissolved_on"]) == (
        "2025-12-10",
        "2026-01-15",
    )


async def test_units_sit_only_under_the_kinds_the_rules_allow(roster: ServiceClient) -> None:
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:4]}")
    branch = await create_org_unit(roster.http, "branch", "一支部", committee["id"])
    before = await outbox_count(roster.runtime.engine)

    top_branch = await roster.http.post("/org-units", json={"kind": "branch", "name": "孤立支部"})
    group_under_committee = await roster.http.post(
        "/org-units", json={"kind": "party_group", "name": "小组", "parent_id": committee["id"]}
    )
    general_under_branch = await roster.http.post(
        "/org-units", json={"kind": "general_branch", "name": "总支", "parent_id": branch["id"]}
    )
    unknown_parent = await roster.http.post(
        "/org-units", json={"kind": "branch", "name": "二支部", "parent_id": str(uuid.uuid4())}
    )

    for answer in (top_branch, group_under_committee, general_under_branch):
        assert answer.status_code == 422
        assert answer.json()["error"] == "invalid_parent"
    assert "党支部不能设在最上层" in top_branch.json()["message"]
    assert unknown_parent.status_code == 422
    assert unknown_parent.json()["error"] == "unknown_org_unit"
    assert await outbox_count(roster.runtime.engine) == before


async def test_a_name_is_unique_among_active_siblings(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    again = await roster.http.post(
        "/org-units", json={"kind": "branch", "name": branch["name"], "parent_id": branch["parent_id"]}
    )
    assert again.status_code == 409
    assert again.json()["error"] == "duplicate_org_unit_name"

    dissolved = await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={})
    reused = await roster.http.post(
        "/org-units", json={"kind": "branch", "name": branch["name"], "parent_id": branch["parent_id"]}
    )
    assert dissolved.status_code == 200
    assert reused.status_code == 201


async def test_renaming_and_moving_keep_the_tree_consistent(roster: ServiceClient) -> None:
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:4]}")
    general_a = await create_org_unit(roster.http, "general_branch", "甲总支", committee["id"])
    general_b = await create_org_unit(roster.http, "general_branch", "乙总支", committee["id"])
    branch = await create_org_unit(roster.http, "branch", "三支部", general_a["id"])
    group = await create_org_unit(roster.http, "party_group", "小组", branch["id"])

    renamed = await roster.http.patch(f"/org-units/{branch['id']}", json={"name": "第三支部"})
    moved = await roster.http.post(f"/org-units/{branch['id']}/move", json={"parent_id": general_b["id"]})
    into_own_group = await roster.http.post(f"/org-units/{general_b['id']}/move", json={"parent_id": group["id"]})
    same_parent = await roster.http.post(f"/org-units/{branch['id']}/move", json={"parent_id": general_b["id"]})

    assert renamed.json()["name"] == "第三支部"
    assert moved.json()["ancestor_ids"] == [committee["id"], general_b["id"]]
    group_now = (await roster.http.get(f"/org-units/{group['id']}")).json()
    assert group_now["ancestor_ids"] == [committee["id"], general_b["id"], branch["id"]], "descendants follow"
    assert into_own_group.status_code == 422
    assert same_parent.status_code == 409
    moved_event = (await outbox_events(roster.runtime.engine, "bastion.roster.org_unit.moved.v1"))[0]
    assert moved_event.data["previous_parent_id"] == general_a["id"]
    renamed_event = (await outbox_events(roster.runtime.engine, "bastion.roster.org_unit.renamed.v1"))[0]
    assert renamed_event.data["previous_name"] == "三支部"


async def test_moving_a_general_branch_under_its_own_branch_is_refused(roster: ServiceClient) -> None:
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:4]}")
    general = await create_org_unit(roster.http, "general_branch", "总支", committee["id"])
    inner = await create_org_unit(roster.http, "party_committee", "下级党委", committee["id"])
    nested = await create_org_unit(roster.http, "party_committee", "更下级党委", inner["id"])

    cycle = await roster.http.post(f"/org-units/{inner['id']}/move", json={"parent_id": nested["id"]})
    wrong_kind = await roster.http.post(f"/org-units/{inner['id']}/move", json={"parent_id": general["id"]})

    assert cycle.status_code == 422
    assert cycle.json()["error"] == "move_into_own_subtree"
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["error"] == "invalid_parent"


async def test_only_an_empty_unit_is_dissolved_and_a_dissolved_one_takes_nothing(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    group = await create_org_unit(roster.http, "party_group", "小组", branch["id"])
    member = await register(roster.http, branch["id"])

    with_group = await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={})
    await roster.http.post(f"/org-units/{group['id']}/dissolve", json={})
    with_member = await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={})
    await roster.http.post(
        f"/members/{member['id']}/status",
        json={"status": "transferred_out", "changed_on": "2026-01-05", "reason": "调离本企业"},
    )
    future = await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={"dissolved_on": "2999-01-01"})
    before_creation = await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={"dissolved_on": "2001-02-01"})
    dissolved = await roster.http.post(f"/org-units/{branch['id']}/dissolve", json={})
    register_into = await roster.http.post("/members", json={**_body(branch["id"])})
    group_into = await roster.http.post(
        "/org-units", json={"kind": "party_group", "name": "新小组", "parent_id": branch["id"]}
    )

    assert with_group.status_code == 409
    assert "下级组织" in with_group.json()["message"]
    assert with_member.status_code == 409
    assert "1 名成员" in with_member.json()["message"]
    assert future.status_code == 422
    assert before_creation.status_code == 422
    assert before_creation.json()["error"] == "date_order"
    assert dissolved.json()["dissolved_on"] == local_today("Asia/Shanghai").isoformat()
    assert dissolved.json()["active"] is False
    for answer in (register_into, group_into):
        assert answer.status_code == 409
        assert answer.json()["error"] == "org_unit_dissolved"
    event = (await outbox_events(roster.runtime.engine, "bastion.roster.org_unit.dissolved.v1"))[-1]
    assert event.data["org_unit"]["dissolved"] is True


async def test_lists_filter_search_and_page(roster: ServiceClient) -> None:
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:4]}")
    for number in "一二三四五":
        await create_org_unit(roster.http, "branch", f"{number}支部", committee["id"])
    await create_org_unit(roster.http, "general_branch", "机关总支", committee["id"])

    first = (
        await roster.http.get("/org-units", params={"parent_id": committee["id"], "kind": "branch", "page_size": 2})
    ).json()
    third = (
        await roster.http.get(
            "/org-units", params={"parent_id": committee["id"], "kind": "branch", "page": 3, "page_size": 2}
        )
    ).json()
    search = (await roster.http.get("/org-units", params={"q": "机关"})).json()
    bad_page = await roster.http.get("/org-units", params={"page": 0})

    assert first["total"] == 5
    assert len(first["items"]) == 2
    assert len(third["items"]) == 1
    assert [u["name"] for u in search["items"]] == ["机关总支"]
    assert bad_page.status_code == 422


async def test_unknown_units_are_404(roster: ServiceClient) -> None:
    unknown = uuid.uuid4()
    assert (await roster.http.get(f"/org-units/{unknown}")).status_code == 404
    answer = await roster.http.patch(f"/org-units/{unknown}", json={"name": "x"})
    assert answer.status_code == 404
    assert answer.json()["error"] == "org_unit_not_found"


def _body(branch_id: str) -> dict[str, object]:
    from tests.support.roster import member_body

    return member_body(branch_id)
