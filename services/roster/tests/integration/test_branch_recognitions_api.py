"""The committee's recognitions of a branch (创新成果, 经验推广) through roster's HTTP API."""

from __future__ import annotations

import uuid

from bastion.auth import Role
from bastion.testing import ServiceClient
from bastion.testing.auth import bearer
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from roster.adapters.orm import branch_recognitions
from tests.support.roster import create_branch, create_org_unit, refused_without_writing, tomorrow

RECORDED = "bastion.roster.branch_recognition.recorded.v1"


async def test_the_committee_recognises_an_innovation_and_a_published_experience(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    path = f"/org-units/{branch['id']}/recognitions"
    bodies = [
        {"kind": "innovation", "title": "卷接机组降耗技术革新", "recognised_on": "2025-04-20"},
        {"kind": "published_experience", "title": "“党员流动服务岗”经验在集团刊物推广", "recognised_on": "2025-09-01"},
        {"kind": "innovation", "title": "设备点检法", "recognised_on": "2024-11-11"},
    ]

    answers = [await roster.http.post(path, json=body) for body in bodies]

    assert [a.status_code for a in answers] == [201, 201, 201], answers[0].text
    first = answers[0].json()
    fetched = await roster.http.get(answers[0].headers["location"])
    assert fetched.json() == {k: v for k, v in first.items() if k != "event_ids"}
    events = await outbox_events(roster.runtime.engine, RECORDED)
    assert [str(e.id) for e in events[:1]] == first["event_ids"]
    assert events[0].subject == first["id"]
    assert events[0].data == {
        "recognition_id": first["id"],
        "branch_id": branch["id"],
        "kind": "innovation",
        "title": "卷接机组降耗技术革新",
        "recognised_on": "2025-04-20",
    }
    listed = (await roster.http.get(path)).json()
    of_2025 = (await roster.http.get(path, params={"year": 2025})).json()
    assert [r["recognised_on"] for r in listed] == ["2025-09-01", "2025-04-20", "2024-11-11"]  # newest first
    assert [r["kind"] for r in of_2025] == ["published_experience", "innovation"]


async def test_recognitions_that_break_a_rule_are_refused_without_writing(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:6]}")
    empty = await create_org_unit(roster.http, "branch", "已撤销支部", committee["id"])
    assert (await roster.http.post(f"/org-units/{empty['id']}/dissolve", json={})).status_code == 200
    body = {"kind": "innovation", "title": "技术革新", "recognised_on": "2025-04-20"}
    own = f"/org-units/{branch['id']}/recognitions"
    cases = [
        (own, {"kind": "honour"}, 422, "invalid_request"),
        (own, {"title": ""}, 422, "invalid_request"),
        (own, {"recognised_on": tomorrow(roster).isoformat()}, 422, "date_in_future"),
        (f"/org-units/{committee['id']}/recognitions", {}, 422, "wrong_org_unit_kind"),
        (f"/org-units/{uuid.uuid4()}/recognitions", {}, 404, "org_unit_not_found"),
        (f"/org-units/{empty['id']}/recognitions", {}, 409, "org_unit_dissolved"),
    ]
    for path, changes, status, code in cases:
        watching = (branch_recognitions,)
        problem = await refused_without_writing(roster, "POST", path, body | changes, status, code, watching=watching)
        assert problem["message"], problem

    future = await roster.http.post(own, json=body | {"recognised_on": tomorrow(roster).isoformat()})
    assert future.json()["message"].startswith("recognised_on 不能晚于今天")
    missing = await roster.http.get(f"/recognitions/{uuid.uuid4()}")
    assert (missing.status_code, missing.json()["error"]) == (404, "recognition_not_found")


async def test_only_the_committee_records_them_and_a_secretary_reads_their_own(roster: ServiceClient) -> None:
    branch, other = await create_branch(roster.http), await create_branch(roster.http)
    secretary = bearer(roster.runtime.settings, Role.SECRETARY, branch_ids=(uuid.UUID(branch["id"]),))
    own = f"/org-units/{branch['id']}/recognitions"
    before = await rows_written(roster.runtime.engine, branch_recognitions)
    body = {"kind": "published_experience", "title": "经验推广", "recognised_on": "2025-04-20"}

    by_secretary = await roster.http.post(own, json=body, headers=secretary)
    read_own = await roster.http.get(own, headers=secretary)
    read_other = await roster.http.get(f"/org-units/{other['id']}/recognitions", headers=secretary)

    assert (by_secretary.status_code, by_secretary.json()["error"]) == (403, "forbidden")
    assert await rows_written(roster.runtime.engine, branch_recognitions) == before
    assert (read_own.status_code, read_other.status_code) == (200, 403)
