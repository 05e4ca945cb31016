"""Structure statistics through roster's HTTP API: the report's branch, and the committee above it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert

from bastion.clock import local_today
from bastion.testing import ServiceClient
from roster.adapters.orm import committee_seats, committee_terms
from tests.support.roster import create_branch, create_org_unit, register

AS_OF = "2015-06-30"  # about when the report was written; everyone below is born on 1 January

# 四支部 as the report describes it: 40 Party members, most born in the 1960s, one in the 1970s,
# three with a bachelor's degree or more. (birth year, education, stage, gender)
REPORT_BRANCH = [
    *[(1960 + i % 10, "senior_secondary", "full", "male") for i in range(31)],
    *[(1961 + i, "vocational_college", "full", "female") for i in range(2)],
    (1962, "bachelor", "full", "male"),
    (1966, "master", "full", "female"),
    (1958, "bachelor", "full", "male"),
    (1955, "junior_secondary", "full", "male"),
    (1978, "senior_secondary", "full", "female"),
    (1964, "vocational_college", "probationary", "male"),
    (1968, "senior_secondary", "probationary", "male"),
]
# 一支部, younger: (birth year, education, stage)
YOUNG_BRANCH = [(1988, "bachelor", "full"), (1990, "master", "full"), (1992, "vocational_college", "full")]


async def party_member(
    roster: ServiceClient, branch_id: str, born: int, education: str, stage: str, gender: str = "male"
) -> dict[str, Any]:
    return await register(
        roster.http,
        branch_id,
        birth_date=f"{born}-01-01",
        education=education,
        stage=stage,
        gender=gender,
        probationary_on=f"{max(born + 25, 2000)}-07-01",
    )


async def activist(roster: ServiceClient, branch_id: str, born: int) -> dict[str, Any]:
    return await register(
        roster.http,
        branch_id,
        birth_date=f"{born}-01-01",
        education="bachelor",
        stage="activist",
        activist_on="2014-01-10",
        probationary_on=None,
    )


async def seat_secretary(roster: ServiceClient, branch_id: str, member: dict[str, Any]) -> None:
    """A current committee term with a secretary, written straight to the tables."""
    term_id = uuid.uuid4()
    async with roster.runtime.engine.begin() as connection:
        await connection.execute(
            insert(committee_terms).values(
                id=term_id, branch_id=branch_id, starts_on=date(2024, 1, 1), ends_on=date(2027, 1, 1)
            )
        )
        await connection.execute(
            insert(committee_seats).values(
                id=uuid.uuid4(),
                term_id=term_id,
                role="secretary",
                member_id=member["id"],
                member_name=member["name"],
                assigned_on=date(2024, 1, 1),
            )
        )


async def statistics(roster: ServiceClient, unit_id: str, **params: str) -> dict[str, Any]:
    answer = await roster.http.get(f"/org-units/{unit_id}/statistics", params=params)
    assert answer.status_code == 200, answer.text
    figures: dict[str, Any] = answer.json()
    return figures


async def factory(roster: ServiceClient) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A factory committee over 四支部 (the report's, with two activists and one who left) and 一支部."""
    committee = await create_org_unit(roster.http, "party_committee", f"贵定卷烟厂党委{uuid.uuid4().hex[:6]}")
    fourth = await create_org_unit(roster.http, "branch", "四支部", committee["id"])
    first = await create_org_unit(roster.http, "branch", "一支部", committee["id"])
    for born, education, stage, gender in REPORT_BRANCH:
        await party_member(roster, fourth["id"], born, education, stage, gender)
    for born in (1995, 1996):
        await activist(roster, fourth["id"], born)
    gone = await party_member(roster, fourth["id"], 1985, "doctorate", "full")
    moved = await roster.http.post(
        f"/members/{gone['id']}/status",
        json={"status": "transferred_out", "changed_on": "2025-01-01", "reason": "调往外地"},
    )
    assert moved.status_code == 200, moved.text
    young = [await party_member(roster, first["id"], *person) for person in YOUNG_BRANCH]
    await party_member(roster, first["id"], 1985, "bachelor", "probationary")
    await register(roster.http, first["id"], stage="applicant", applied_on="2025-03-01", probationary_on=None)
    await seat_secretary(roster, first["id"], young[0])
    return committee, fourth, first


async def test_the_report_branch_reproduces_the_reports_figures(roster: ServiceClient) -> None:
    _, fourth, _ = await factory(roster)

    figures = await statistics(roster, fourth["id"], as_of=AS_OF)

    assert (figures["party_members"], figures["full_members"], figures["probationary_members"]) == (40, 38, 2)
    assert list(figures["birth_decades"]) == ["1950s", "1960s", "1970s", "1980s", "1990s", "2000s"]
    assert figures["birth_decades"]["1960s"] == {"count": 37, "share": 0.925}  # 60后占绝大多数
    assert figures["birth_decades"]["1970s"] == {"count": 1, "share": 0.025}
    assert figures["born_1970s_1980s_share"] == 0.025  # the report's "3%"
    assert figures["bachelor_or_above"] == {"count": 3, "share": 0.075}  # the report's "7%"
    assert figures["education"]["bachelor"] == 2
    assert figures["education"]["master"] == 1
    assert figures["education"]["doctorate"] == 0
    assert figures["gender"] == {"male": 36, "female": 4}
    assert figures["member_class"] == {"ordinary": 40, "mobile": 0, "special": 0}
    ages = [2015 - born for born, *_ in REPORT_BRANCH]
    assert figures["average_age"] == round(sum(ages) / len(ages), 1)
    assert figures["as_of"] == AS_OF


async def test_activists_and_people_who_left_do_not_count_as_members(roster: ServiceClient) -> None:
    _, fourth, _ = await factory(roster)

    figures = await statistics(roster, fourth["id"], as_of=AS_OF)

    assert figures["pipeline"] == {"applicant": 0, "activist": 2, "candidate": 0, "probationary": 2, "full": 38}
    assert figures["birth_decades"]["1990s"]["count"] == 0  # the activists are born in the 1990s
    assert figures["birth_decades"]["1980s"]["count"] == 0  # the one who transferred out
    assert figures["education"]["doctorate"] == 0


async def test_a_large_branch_without_a_committee_is_incomplete(roster: ServiceClient) -> None:
    _, fourth, first = await factory(roster)

    fourth_committee = (await statistics(roster, fourth["id"]))["committees"]
    first_committee = (await statistics(roster, first["id"]))["committees"]

    assert fourth_committee == {
        "branches_total": 1,
        "branches_with_complete_committee": 0,
        "completeness": {
            "full_members": 38,
            "required": True,
            "secretary_seated": False,
            "seated": 0,
            "complete": False,
        },
    }
    assert first_committee["completeness"] == {
        "full_members": 3,
        "required": False,
        "secretary_seated": True,
        "seated": 1,
        "complete": True,
    }


async def test_the_committee_above_adds_up_both_branches_and_nothing_else(roster: ServiceClient) -> None:
    committee, _, _ = await factory(roster)
    elsewhere = await create_branch(roster.http)
    await party_member(roster, elsewhere["id"], 1975, "doctorate", "full")

    figures = await statistics(roster, committee["id"], as_of=AS_OF)

    assert figures["kind"] == "party_committee"
    assert (figures["party_members"], figures["full_members"], figures["probationary_members"]) == (44, 41, 3)
    assert figures["pipeline"] == {"applicant": 1, "activist": 2, "candidate": 0, "probationary": 3, "full": 41}
    assert figures["birth_decades"]["1980s"] == {"count": 2, "share": round(2 / 44, 4)}
    assert figures["born_1970s_1980s_share"] == round(3 / 44, 4)
    assert figures["bachelor_or_above"] == {"count": 6, "share": round(6 / 44, 4)}
    assert figures["education"]["doctorate"] == 0
    assert figures["committees"] == {
        "branches_total": 2,
        "branches_with_complete_committee": 1,
        "completeness": None,
    }


async def test_ages_are_reckoned_today_by_default(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    await party_member(roster, branch["id"], 1965, "bachelor", "full")
    today = local_today(roster.runtime.settings.timezone)

    figures = await statistics(roster, branch["id"])

    assert figures["as_of"] == today.isoformat()
    assert figures["average_age"] == float(today.year - 1965)


async def test_statistics_of_an_unknown_unit_are_not_found(roster: ServiceClient) -> None:
    answer = await roster.http.get(f"/org-units/{uuid.uuid4()}/statistics")

    assert answer.status_code == 404
    assert answer.json()["error"] == "org_unit_not_found"
