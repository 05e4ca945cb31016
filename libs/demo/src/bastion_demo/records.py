"""The demo's branch records: committee, served departments, service posts, reserve talent,
cultivation of activists, dues, honours and the committee's recognitions. Each is looked up first, so a
rerun adds nothing twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from bastion_demo.api import Api, gather_limited
from bastion_demo.organisation import DemoBranch, DemoPerson, months_before

_OTHER_BRANCH_ROLES = ("secretary", "org_officer", "publicity_officer")
_DUES_MISSED = {"GD4-007": 2, "GD4-019": 3}  # months left unpaid, from the latest backwards
_RESERVE = (  # (name, gender, birth date, education, department): young people the report says are missing
    ("杨小青", "female", date(2001, 3, 14), "bachelor", "质量管理科"),
    ("罗嘉", "male", date(1999, 11, 2), "bachelor", "设备管理科"),
    ("宋雨", "female", date(2002, 7, 21), "vocational_college", "生产管理科"),
)


async def load_branch_records(
    roster: Api, branch: DemoBranch, branch_id: str, people: dict[str, dict[str, Any]], today: date
) -> None:
    full = [people[p.employee_number] for p in branch.people if p.stage == "full"]
    await _committee(roster, branch, branch_id, people, full, today)
    departments = await _departments(roster, branch, branch_id, today)
    await _service_posts(roster, branch, branch_id, full, departments)
    if branch.number == 4:
        await _reserve(roster, branch_id, full)
        await _cultivation(roster, branch, people, full, today)
    await _dues(roster, branch, people, today)
    await _honours(roster, branch, branch_id, full, today)
    await _recognitions(roster, branch, branch_id, today)


async def _committee(
    roster: Api,
    branch: DemoBranch,
    branch_id: str,
    people: dict[str, dict[str, Any]],
    full: list[dict[str, Any]],
    today: date,
) -> None:
    committee = await roster.get(f"/org-units/{branch_id}/committee")
    term = committee["current"]
    if term is None:
        term = await roster.post(
            f"/org-units/{branch_id}/committee/terms", {"starts_on": months_before(today, 18).isoformat()}
        )
    seated = {seat["member_id"] for seat in term["seats"]}
    roles = [(p.committee_role, people[p.employee_number]) for p in branch.people if p.committee_role]
    if not roles:
        roles = list(zip(_OTHER_BRANCH_ROLES, full, strict=False))
    for role, person in roles:
        if person["id"] not in seated:
            await roster.put(
                f"/org-units/{branch_id}/committee/seats/{role}",
                {"member_id": person["id"], "assigned_on": term["starts_on"]},
            )


async def _departments(roster: Api, branch: DemoBranch, branch_id: str, today: date) -> dict[str, str]:
    existing = {d["name"]: d["id"] for d in await roster.get(f"/org-units/{branch_id}/departments")}
    for name in branch.departments:
        if name not in existing:
            added = await roster.post(
                f"/org-units/{branch_id}/departments", {"name": name, "added_on": months_before(today, 18).isoformat()}
            )
            existing[name] = added["id"]
    return existing


async def _service_posts(
    roster: Api, branch: DemoBranch, branch_id: str, full: list[dict[str, Any]], departments: dict[str, str]
) -> None:
    existing = {post["name"] for post in await roster.get("/service-posts", branch_id=branch_id)}
    posts: list[tuple[str, str, list[dict[str, Any]], list[str]]] = [
        ("vanguard_post", f"{branch.name}党员先锋岗", full[5:7], [])
    ]
    if branch.number == 4:
        served = [departments[name] for name in ("生产管理科", "质量管理科", "设备管理科")]
        posts.append(("mobile_service_post", "党员流动服务岗", full[7:10], served))
    for kind, name, holders, served_ids in posts:
        if name not in existing:
            await roster.post(
                "/service-posts",
                {
                    "branch_id": branch_id,
                    "kind": kind,
                    "name": name,
                    "holder_ids": [h["id"] for h in holders],
                    "department_ids": served_ids,
                },
            )


async def _reserve(roster: Api, branch_id: str, full: list[dict[str, Any]]) -> None:
    existing = {t["name"] for t in await roster.get("/reserve-talents", branch_id=branch_id)}
    for index, (name, gender, born, education, department) in enumerate(_RESERVE):
        if name not in existing:
            await roster.post(
                "/reserve-talents",
                {
                    "branch_id": branch_id,
                    "name": name,
                    "gender": gender,
                    "birth_date": born.isoformat(),
                    "education": education,
                    "department": department,
                    "mentor_id": full[10 + index]["id"],
                },
            )


async def _cultivation(
    roster: Api, branch: DemoBranch, people: dict[str, dict[str, Any]], full: list[dict[str, Any]], today: date
) -> None:
    """Contacts for every activist; a recent good review for all but the longest-standing one
    (whose half-yearly review is overdue, as the overdue list will show)."""
    activists = [p for p in branch.people if p.stage == "activist"]
    for index, person in enumerate(activists):
        record = people[person.employee_number]
        if not record["cultivation_contact_ids"]:
            contact = full[index % 5]["id"]
            await roster.put(f"/members/{record['id']}/cultivation-contacts", {"contact_ids": [contact]})
        if index > 0 and record["last_activist_review_on"] is None:
            await roster.post(
                f"/members/{record['id']}/activist-reviews",
                {"reviewed_on": months_before(today, 1).isoformat(), "outcome": "good"},
            )


async def _dues(roster: Api, branch: DemoBranch, people: dict[str, dict[str, Any]], today: date) -> None:
    async def pay(person: DemoPerson) -> None:
        record = people[person.employee_number]
        owed = (await roster.get(f"/members/{record['id']}/dues", year=today.year))["unpaid_months"]
        missed = _DUES_MISSED.get(person.employee_number, 0)
        for month in owed[: len(owed) - missed] if missed else owed:
            await roster.post(
                f"/members/{record['id']}/dues", {"month": month, "amount": _dues_amount(person)}, track=False
            )

    await gather_limited(pay(p) for p in branch.people if p.stage in ("probationary", "full"))


def _dues_amount(person: DemoPerson) -> str:
    """Dues follow income; a plausible spread by position is enough for a demo."""
    return {"科长": "45.00", "副科长": "38.00", "班长": "26.00"}.get(person.position, "18.50")


async def _honours(roster: Api, branch: DemoBranch, branch_id: str, full: list[dict[str, Any]], today: date) -> None:
    if (await roster.get("/honours", branch_id=branch_id))["total"]:
        return
    awarded = months_before(today, 3).isoformat()
    if branch.number == 1:
        await roster.post(
            "/honours",
            {
                "subject_kind": "branch",
                "branch_id": branch_id,
                "level": "factory",
                "title": "先进基层党组织",
                "awarded_on": awarded,
            },
            track=False,
        )
    await roster.post(
        "/honours",
        {
            "subject_kind": "member",
            "member_id": full[0]["id"],
            "level": "factory",
            "title": "优秀共产党员",
            "awarded_on": awarded,
        },
        track=False,
    )


_RECOGNITIONS = {  # branch number: (kind, title); the committee recognises them like an honour
    1: ("innovation", "卷包车间降耗技术革新"),
    4: ("published_experience", "“党员流动服务岗”做法在公司刊物推广"),
}


async def _recognitions(roster: Api, branch: DemoBranch, branch_id: str, today: date) -> None:
    if branch.number not in _RECOGNITIONS or await roster.get(f"/org-units/{branch_id}/recognitions"):
        return
    kind, title = _RECOGNITIONS[branch.number]
    recognised = {"kind": kind, "title": title, "recognised_on": months_before(today, 2).isoformat()}
    await roster.post(f"/org-units/{branch_id}/recognitions", recognised, track=False)
