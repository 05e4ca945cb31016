"""The branch's bonus (domain.md §3, default rule set 2026.1): honours from above (factory +5, provincial
+10), a recognised innovation +3 and a published experience +2 each, capped together at 10; one sentence
per record."""

from __future__ import annotations

import uuid
from datetime import date

from scoring.assessment import AssessmentInputs, Recognition, Record
from scoring.assessment.bonus import bonus_of
from scoring.rules import RuleBook, load_rule_sets

RULES = RuleBook(load_rule_sets(None)).for_year(2026).branch


def inputs(*records: Record | Recognition) -> AssessmentInputs:
    honours = tuple(r for r in records if isinstance(r, Record))
    recognitions = tuple(r for r in records if isinstance(r, Recognition))
    return AssessmentInputs(
        uuid.uuid4(), "四支部", 2026, date(2026, 11, 28), honours=honours, recognitions=recognitions
    )


def recognised(kind: str, day: date, title: str) -> Recognition:
    return Recognition(uuid.uuid4(), day, kind, title)


def test_each_recognition_counts_once_by_its_kind() -> None:
    found = bonus_of(
        inputs(
            recognised("innovation", date(2026, 3, 2), "降耗革新"),
            recognised("innovation", date(2026, 5, 6), "点检法"),
            recognised("published_experience", date(2026, 8, 9), "经验推广"),
        ),
        RULES,
    )

    assert found.amount == 8  # 3 + 3 + 2
    assert found.lines == (
        "8月9日 经验推广「经验推广」 +2",
        "5月6日 创新成果「点检法」 +3",
        "3月2日 创新成果「降耗革新」 +3",
    )
    assert found.note == ""


def test_honours_and_recognitions_share_the_cap_in_date_order() -> None:
    factory = Record(uuid.uuid4(), date(2026, 1, 10), "factory")
    found = bonus_of(
        inputs(
            factory,
            recognised("innovation", date(2026, 2, 1), "降耗革新"),
            recognised("published_experience", date(2026, 3, 1), "经验推广"),
            recognised("innovation", date(2026, 4, 1), "点检法"),
        ),
        RULES,
    )

    assert found.amount == 10  # 5 + 3 + 2 + 3 = 13, capped at 10
    assert found.lines == (
        "4月1日 创新成果「点检法」 +3（加分已达上限 10 分，不再计入）",
        "3月1日 经验推广「经验推广」 +2",
        "2月1日 创新成果「降耗革新」 +3",
        "1月10日 厂级表彰 +5",
    )
    assert found.note == "加分合计 13 分，封顶 10 分"


def test_a_kind_this_version_does_not_know_is_named_by_its_code_and_earns_nothing() -> None:
    found = bonus_of(inputs(recognised("patent", date(2026, 6, 1), "专利")), RULES)

    assert (found.amount, found.lines) == (0, ("6月1日 patent「专利」 +0",))
