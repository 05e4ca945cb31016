"""A branch's public page in identified mode: it asks for the employee number (工号), stored only hashed,
so one rating per person per period holds whatever browser they use; anonymous mode stays the default."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from bastion.auth import Role
from bastion.testing import ServiceClient
from bastion.testing.auth import bearer
from feedback.adapters.orm import ratings
from tests.support.feedback import seed_branch


def browser(feedback: ServiceClient) -> httpx.AsyncClient:
    """Another browser (its own cookie jar) on another phone."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=feedback.app), base_url="http://feedback")


def rating_form(employee_number: str | None = None) -> dict[str, str]:
    form = {"respondent_group": "worker", "answer": "satisfied"}
    return form | ({"employee_number": employee_number} if employee_number is not None else {})


async def test_only_the_branch_staff_choose_the_mode_and_anonymous_is_the_default(feedback: ServiceClient) -> None:
    known, other = await seed_branch(feedback.runtime), await seed_branch(feedback.runtime)
    path = f"/branches/{known.branch_id}/public-channel"
    settings = feedback.runtime.settings
    default = (await feedback.http.get(path)).json()
    as_member = await feedback.http.put(
        path, json={"mode": "identified"}, headers=bearer(settings, Role.MEMBER, member_id=known.members[0])
    )
    as_other_secretary = await feedback.http.put(
        path, json={"mode": "identified"}, headers=bearer(settings, Role.SECRETARY, branch_ids=(other.branch_id,))
    )
    unknown_mode = await feedback.http.put(path, json={"mode": "by_face"})
    own_secretary = bearer(settings, Role.SECRETARY, branch_ids=(known.branch_id,), subject="secretary-4")
    chosen = await feedback.http.put(path, json={"mode": "identified"}, headers=own_secretary)
    audit = (await feedback.http.get("/audit", params={"actor": "secretary-4"})).json()

    assert (default["mode"], default["flagged_ratings"]) == ("anonymous", 0)
    assert "每台设备" in default["notice"]
    assert (as_member.status_code, as_other_secretary.status_code, unknown_mode.status_code) == (403, 403, 422)
    assert chosen.status_code == 200, chosen.text
    assert (chosen.json()["mode"], chosen.json()["mode_label"], chosen.json()["code"]) == (
        "identified",
        "凭工号评价",
        default["code"],
    )
    assert "每个工号" in chosen.json()["notice"]
    assert [(entry["method"], entry["path"]) for entry in audit["entries"]] == [("PUT", path)], "the change is audited"


async def test_identified_mode_holds_one_rating_per_employee_number_across_browsers(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    path = f"/branches/{known.branch_id}/public-channel"
    code = (await feedback.http.put(path, json={"mode": "identified"})).json()["code"]
    async with browser(feedback) as phone, browser(feedback) as laptop:
        page = await phone.get(f"/p/{code}")
        first = await phone.post(f"/p/{code}/rate", data=rating_form("GD2-017"))
        # The same person in another browser, typing it with a full-width keyboard and in lower case.
        again = await laptop.post(f"/p/{code}/rate", data=rating_form(" ｇｄ２－０１７ "))
        missing = await laptop.post(f"/p/{code}/rate", data=rating_form())
        malformed = await laptop.post(f"/p/{code}/rate", data=rating_form("GD2 017"))
        colleague = await laptop.post(f"/p/{code}/rate", data=rating_form("GD2-018"))
    # Staff entering the same person's paper survey: the same respondent, already counted.
    paper = await feedback.http.post(
        "/ratings",
        json={
            "subject_kind": "branch",
            "subject_id": str(known.branch_id),
            "respondent_group": "worker",
            "respondent": "GD2-017",
            "answer": "dissatisfied",
        },
    )
    listed = (await feedback.http.get("/ratings", params={"branch_id": str(known.branch_id)})).json()
    summary = (await feedback.http.get(f"/branches/{known.branch_id}/ratings/summary")).json()
    async with feedback.runtime.engine.connect() as connection:
        stored = [dict(row._mapping) for row in await connection.execute(select(ratings))]

    assert 'name="employee_number"' in page.text
    assert "凭工号评价" in page.text
    assert first.status_code == 201, first.text
    assert (again.status_code, "已评价过" in again.text) == (409, True)
    assert (missing.status_code, "请填写工号" in missing.text) == (422, True)
    assert (malformed.status_code, "工号只能由字母、数字" in malformed.text) == (422, True)
    assert colleague.status_code == 201
    assert (paper.status_code, paper.json()["error"]) == (409, "already_rated")
    assert [item["respondent_basis"] for item in listed["items"]] == ["employee_number", "employee_number"]
    assert listed["respondent_notice"] is None, "no device-only ratings to warn about"
    assert (summary["count"], summary["device_ratings"], summary["respondent_notice"]) == (2, 0, None)
    assert all("GD2" not in repr(row) and "gd2" not in repr(row) for row in stored), "only the hash is kept"


async def test_back_to_anonymous_the_page_counts_devices_again(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    path = f"/branches/{known.branch_id}/public-channel"
    await feedback.http.put(path, json={"mode": "identified"})
    code = (await feedback.http.put(path, json={"mode": "anonymous"})).json()["code"]
    async with browser(feedback) as phone:
        page = await phone.get(f"/p/{code}")
        rated = await phone.post(f"/p/{code}/rate", data=rating_form())
    listed = (await feedback.http.get("/ratings", params={"branch_id": str(known.branch_id)})).json()

    assert 'name="employee_number"' not in page.text
    assert rated.status_code == 201
    [item] = listed["items"]
    assert (item["respondent_basis"], item["respondent_basis_label"]) == ("device", "一台设备（匿名）")
    assert "一台设备" in listed["respondent_notice"]
