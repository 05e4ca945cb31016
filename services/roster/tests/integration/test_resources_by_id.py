"""Every roster resource can be read back by its id; an unknown id is a 404 that says what is missing."""

from __future__ import annotations

import uuid

import pytest

from bastion.testing import ServiceClient
from tests.support.roster import create_branch, created, register


async def test_each_resource_is_read_back_by_id(roster: ServiceClient) -> None:
    http = roster.http
    branch = await create_branch(http)
    member = await register(http, branch["id"], probationary_on="2015-03-01")
    term = await created(await http.post(f"/org-units/{branch['id']}/committee/terms", json={}))
    await created(
        await http.put(f"/org-units/{branch['id']}/committee/seats/secretary", json={"member_id": member["id"]})
    )
    department = await created(await http.post(f"/org-units/{branch['id']}/departments", json={"name": "财务科"}))
    post = await created(
        await http.post(
            "/service-posts",
            json={
                "branch_id": branch["id"],
                "kind": "vanguard_post",
                "name": "先锋岗",
                "holder_ids": [member["id"]],
                "department_ids": [department["id"]],
            },
        )
    )
    talent = await created(
        await http.post(
            "/reserve-talents",
            json={
                "branch_id": branch["id"],
                "name": "小何",
                "gender": "male",
                "birth_date": "2001-01-01",
                "education": "bachelor",
                "department": "财务科",
                "mentor_id": member["id"],
            },
        )
    )
    honour = await created(
        await http.post(
            "/honours",
            json={
                "subject_kind": "member",
                "member_id": member["id"],
                "level": "national",
                "title": "全国优秀共产党员",
                "awarded_on": "2021-06-28",
            },
        )
    )
    record = await created(
        await http.post(
            f"/members/{member['id']}/discipline",
            json={"level": "warning", "decided_on": "2022-01-10", "reason": "迟到"},
        )
    )
    payment = await created(await http.post(f"/members/{member['id']}/dues", json={"month": "2026-01", "amount": "20"}))

    reads = {
        f"/org-units/{branch['id']}": "name",
        f"/members/{member['id']}": "employee_number",
        f"/committee-terms/{term['id']}": "starts_on",
        f"/departments/{department['id']}": "name",
        f"/service-posts/{post['id']}": "holder_ids",
        f"/reserve-talents/{talent['id']}": "mentor_id",
        f"/honours/{honour['id']}": "title",
        f"/discipline-records/{record['id']}": "level",
        f"/dues-payments/{payment['id']}": "amount",
    }
    originals = [branch, member, term, department, post, talent, honour, record, payment]
    for (path, field), original in zip(reads.items(), originals, strict=True):
        answer = await http.get(path)
        assert answer.status_code == 200, f"{path}: {answer.text}"
        assert answer.json()["id"] == original["id"]
        assert answer.json()[field] == original[field]
    history = (await http.get(f"/committee-terms/{term['id']}")).json()["history"]
    assert [(h["role"], h["member_id"], h["vacated_on"]) for h in history] == [("secretary", member["id"], None)]


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/org-units/{id}", "org_unit_not_found"),
        ("/members/{id}", "member_not_found"),
        ("/committee-terms/{id}", "committee_term_not_found"),
        ("/departments/{id}", "department_not_found"),
        ("/service-posts/{id}", "service_post_not_found"),
        ("/reserve-talents/{id}", "reserve_talent_not_found"),
        ("/honours/{id}", "honour_not_found"),
        ("/discipline-records/{id}", "discipline_record_not_found"),
        ("/dues-payments/{id}", "dues_payment_not_found"),
    ],
)
async def test_an_unknown_id_is_a_404_naming_what_is_missing(roster: ServiceClient, path: str, code: str) -> None:
    answer = await roster.http.get(path.format(id=uuid.uuid4()))
    assert answer.status_code == 404
    assert answer.json()["error"] == code
    assert answer.json()["message"].startswith("没有")
