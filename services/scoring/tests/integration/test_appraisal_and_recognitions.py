"""The records the year needs, read through scoring's API from events applied by its real handler: the
民主评议 grade on the score card, and the committee's recognitions in the branch's bonus (domain.md §3)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

import tests.support.scoring as t
from bastion.testing import ServiceClient, TestStack, running_service
from bastion_contracts import roster as r
from bastion_contracts.vocabulary import AppraisalGrade as G
from bastion_contracts.vocabulary import BranchRecognitionKind, HonourLevel, SubjectKind
from scoring.main import SERVICE

INNOVATION, PUBLISHED = BranchRecognitionKind.INNOVATION, BranchRecognitionKind.PUBLISHED_EXPERIENCE


@pytest.fixture
async def scoring(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client


async def read(scoring: ServiceClient, path: str, **params: Any) -> dict[str, Any]:
    answer = await scoring.http.get(path, params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_recognitions_add_3_and_2_to_the_bonus_capped_at_10_with_honours(scoring: ServiceClient) -> None:
    branch = uuid.uuid4()
    await t.apply(scoring.runtime, [t.branch_created(branch), t.member_registered(uuid.uuid4(), branch)])
    path = f"/branches/{branch}/assessment"
    before = await read(scoring, path, year=2025)
    steps = [
        t.recognition(branch, INNOVATION, date(2025, 4, 20), "卷接机组降耗技术革新"),  # +3
        t.recognition(branch, PUBLISHED, date(2025, 9, 1), "流动服务岗经验推广"),  # +2
        r.HonourRecorded(  # a provincial honour: +10, and the bonus is capped at 10
            honour_id=uuid.uuid4(),
            subject_kind=SubjectKind.BRANCH,
            member_id=None,
            branch_id=branch,
            level=HonourLevel.PROVINCIAL,
            title="省公司先进基层党组织",
            awarded_on=date(2025, 7, 1),
        ),
        t.recognition(branch, INNOVATION, date(2024, 12, 30)),  # another year: nothing in 2025
    ]
    bonuses, totals = [], []
    for step in steps:
        await t.apply(scoring.runtime, [step])
        body = await read(scoring, path, year=2025)
        bonuses.append(body["bonus"])
        totals.append(round(body["total"] - before["total"], 2))

    assert before["bonus"] == 0
    assert bonuses == [3, 5, 10, 10]  # 3; 3 + 2; 3 + 2 + 10 = 15, capped at 10
    assert totals == bonuses  # nothing else moved
    explained = (await read(scoring, f"{path}/explain", year=2025))["bonus"]
    assert explained["lines"] == [  # newest first; the cap fills in date order
        "9月1日 经验推广「流动服务岗经验推广」 +2（加分已达上限 10 分，不再计入）",
        "7月1日 省公司级/市级表彰 +10（达到上限 10 分，计入 7 分）",
        "4月20日 创新成果「卷接机组降耗技术革新」 +3",
    ]
    assert explained["note"] == "加分合计 15 分，封顶 10 分"
    assert explained["rule"]["recognition"] == {"innovation": 3, "published_experience": 2}
    assert [g["kind"] for g in explained["facts"]["recognitions"]] == ["innovation", "published_experience"]
    assert (await read(scoring, path, year=2024))["bonus"] == 3


async def test_the_card_shows_the_grade_of_the_years_latest_appraisal_beside_the_band(scoring: ServiceClient) -> None:
    branch, graded, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    december = uuid.uuid4()
    await t.apply(
        scoring.runtime,
        [
            t.branch_created(branch),
            t.member_registered(graded, branch, "甲"),
            t.member_registered(other, branch, "乙"),
            t.appraisal(graded, branch, G.UNQUALIFIED, date(2024, 12, 20)),
            t.appraisal(graded, branch, G.QUALIFIED, date(2025, 1, 17)),  # 2024年度, held in January 2025
            t.appraisal(graded, branch, G.EXCELLENT, date(2025, 12, 20), activity_id=december),
        ],
    )
    card = f"/members/{graded}/score-card"

    year = await read(scoring, card, year=2025)
    mid_year = await read(scoring, card, year=2025, as_of="2025-06-30")
    last_year = await read(scoring, card, year=2024)
    nobody = await read(scoring, f"/members/{other}/score-card", year=2025)
    await t.apply(
        scoring.runtime, [t.appraisal(graded, branch, G.BASICALLY_QUALIFIED, date(2025, 12, 20), activity_id=december)]
    )
    corrected = await read(scoring, f"{card}/explain", year=2025)

    assert year["appraisal"] == {
        "grade": "excellent",
        "grade_label": "优秀",
        "held_on": "2025-12-20",
        "activity_id": str(december),
    }
    assert year["band"] is not None  # the suggestion stays beside the decision
    assert (mid_year["appraisal"]["grade_label"], mid_year["appraisal"]["held_on"]) == ("合格", "2025-01-17")
    assert last_year["appraisal"]["grade"] == "unqualified"
    assert nobody["appraisal"] is None
    assert (corrected["appraisal"]["grade"], corrected["appraisal"]["grade_label"]) == (
        "basically_qualified",
        "基本合格",
    )
