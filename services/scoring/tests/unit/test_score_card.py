"""The member score card of domain.md §3, computed by hand from the default rule set (2026.1):
base 60; attendance from the ledger; dues −1 a month; learning −1 per 4 hours under 32 (max −8); service
caps per category and 30 overall; satisfaction 10 × SI / 100 (member n ≥ 5, branch n ≥ 10, else 80);
honours cap 10; veto; bands ≥ 90 / 60–89 / 50–59 / < 50; alert under 75."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from scoring.rules import RuleBook, load_rule_sets
from scoring.rules.model import RuleSet
from scoring.scorecards.card import Band, Discipline, Person, SatisfactionSource, ScoreInputs
from scoring.scorecards.compute import band_of, ranks, score_card

RULES = RuleBook(load_rule_sets(None)).for_year(2025)
EXCELLENT, QUALIFIED = Band.EXCELLENT_CANDIDATE, Band.QUALIFIED
BASIC, UNQUALIFIED = Band.BASICALLY_QUALIFIED_REVIEW, Band.UNQUALIFIED_REVIEW
# domain.md §3: ≥ 90 excellent candidate, 60–89 qualified, 50–59 basically qualified (review), < 50 unqualified
BANDS_AT = [("100", EXCELLENT), ("90", EXCELLENT), ("89.99", QUALIFIED), ("75", QUALIFIED), ("74.99", QUALIFIED)]
BANDS_AT += [("60", QUALIFIED), ("59.99", BASIC), ("50", BASIC), ("49.99", UNQUALIFIED), ("0", UNQUALIFIED)]
ALL_PAID_2025 = frozenset(f"2025-{month:02d}" for month in range(1, 13))


def person(
    stage: str = "full", status: str = "active", joined: date | None = date(1995, 7, 1), left: date | None = None
) -> Person:
    return Person(uuid.uuid4(), "李明", uuid.uuid4(), stage, status, joined, left)


def inputs(**changes: Any) -> ScoreInputs:
    """A full member of long standing in 2025 (a past year), dues all paid and 32 learning hours."""
    values: dict[str, Any] = {"person": person(), "rules": RULES, "year": 2025, "as_of": date(2025, 12, 31)}
    values |= {"dues_paid": ALL_PAID_2025, "learning_hours": Decimal(32), **changes}
    return ScoreInputs(**values)


def with_rules(**member_changes: Any) -> RuleSet:
    return RULES.model_copy(update={"member": RULES.member.model_copy(update=member_changes)})


def ratings(**counts: int) -> Mapping[tuple[str, str], int]:
    """``department__very_satisfied=2`` → {("department", "very_satisfied"): 2}."""
    return {tuple(key.split("__")): n for key, n in counts.items()}  # type: ignore[misc]


def test_a_member_with_nothing_recorded_scores_the_base_and_the_fallback_satisfaction() -> None:
    card = score_card(inputs())

    # 60 + 0 service + 10 × 80 / 100 + 0 honours: a member who attends everything, no service points, is
    # qualified (domain.md §3), not one to review
    assert card.total == Decimal("68.00")
    assert card.base_counted == 60
    assert card.deductions.total == 0
    assert (card.satisfaction.source, card.satisfaction.index, card.satisfaction.points) == ("fallback", 80, 8)
    assert card.band is Band.QUALIFIED
    assert card.rule_set_version == "2026.1"


def test_unexcused_absences_deduct_from_the_base() -> None:
    card = score_card(inputs(ledger={"deduction.attendance": Decimal("-5")}))

    assert (card.deductions.attendance, card.base_counted, card.total) == (5, 55, 63)  # 55 + 8


def test_the_base_never_goes_below_zero_however_many_deductions() -> None:
    card = score_card(inputs(ledger={"deduction.attendance": Decimal(-70)}, dues_paid=frozenset(), learning_hours=0))

    assert card.deductions.total == 70 + 12 + 8
    assert (card.base_counted, card.total) == (0, 8)  # only satisfaction remains


def test_a_net_positive_attendance_never_raises_the_base() -> None:
    card = score_card(inputs(ledger={"deduction.attendance": Decimal(3)}))

    assert (card.deductions.attendance, card.base_counted) == (0, 60)


def test_each_service_category_is_capped_on_its_own() -> None:
    shifts, visits, practice = Decimal(10), Decimal(7), Decimal(3)  # caps 8, 6 and 8
    ledger = {"service.mobile_service_post": shifts, "service.door_to_door_visit": visits}
    card = score_card(inputs(ledger={**ledger, "service.themed_practice": practice}))

    counted = {c.category: (c.raw, c.cap, c.counted) for c in card.service.categories}
    assert counted["service.mobile_service_post"] == (10, 8, 8)
    assert counted["service.door_to_door_visit"] == (7, 6, 6)
    assert counted["service.themed_practice"] == (3, 8, 3)
    assert counted["service.mentoring"] == (0, 4, 0)
    assert (card.service.raw_total, card.service.counted) == (20, 17)
    assert card.total == 60 + 17 + 8


def test_service_counts_at_most_thirty_overall() -> None:
    caps = {"mobile_service_post": 8, "door_to_door_visit": 6, "themed_practice": 8, "qc_project": 6}
    caps |= {"poverty_relief": 4, "volunteer_service": 4, "party_lesson_lecture": 6, "suggestion": 6, "mentoring": 4}
    card = score_card(inputs(ledger={f"service.{name}": Decimal(cap) for name, cap in caps.items()}))

    assert (card.service.raw_total, card.service.counted) == (52, 30)
    assert (card.total, card.band) == (98, Band.EXCELLENT_CANDIDATE)  # 60 + 30 + 8


def test_honours_count_at_most_ten() -> None:
    card = score_card(inputs(ledger={"honours": Decimal(13)}))  # national 10 + factory 3

    assert (card.honours.raw, card.honours.cap, card.honours.counted) == (13, 10, 10)
    assert card.total == 78


def test_each_ended_month_without_dues_costs_a_point() -> None:
    paid = frozenset(f"2025-{month:02d}" for month in range(1, 11))
    card = score_card(inputs(dues_paid=paid))

    assert card.deductions.unpaid_dues.months == ("2025-11", "2025-12")
    assert (card.deductions.unpaid_dues.points, card.total) == (2, 66)


def test_in_the_current_year_only_months_before_as_of_are_due() -> None:
    current = inputs(year=2026, as_of=date(2026, 3, 31), dues_paid=frozenset({"2026-01"}), learning_hours=8)

    card = score_card(current)

    assert card.deductions.unpaid_dues.due == ("2026-01", "2026-02")  # March has not ended
    assert (card.deductions.unpaid_dues.months, card.deductions.unpaid_dues.points) == (("2026-02",), 1)


def test_dues_are_owed_from_the_month_of_joining_and_only_by_party_members() -> None:
    joined = inputs(person=person("probationary", joined=date(2025, 9, 10)), dues_paid=frozenset({"2025-10"}))
    activist = inputs(person=person("activist", joined=None), dues_paid=frozenset())

    assert score_card(joined).deductions.unpaid_dues.months == ("2025-09", "2025-11", "2025-12")
    not_yet = score_card(activist).deductions
    assert (not_yet.unpaid_dues.points, not_yet.learning.points) == (0, 0)


@pytest.mark.parametrize(
    ("left", "due"),
    [
        (date(2025, 9, 1), 8),  # lapsed on 1 September: a member on 31 August last, January to August due
        (date(2025, 9, 2), 9),  # still a member on 1 September: September is due too
        (date(2025, 1, 1), 0),  # gone from the first day of the year
        (date(2024, 11, 20), 0),  # left the year before
    ],
)
def test_no_dues_are_owed_after_the_month_a_member_left(left: date, due: int) -> None:
    gone = score_card(inputs(person=person(status="lapsed", left=left), dues_paid=frozenset()))

    assert len(gone.deductions.unpaid_dues.due) == due
    assert gone.deductions.unpaid_dues.months == tuple(f"2025-{month:02d}" for month in range(1, due + 1))


def test_learning_is_prorated_over_the_months_as_a_member() -> None:
    joined_and_left = person("probationary", status="transferred_out", joined=date(2025, 3, 15), left=date(2025, 7, 1))
    learning = score_card(inputs(person=joined_and_left, learning_hours=Decimal(0))).deductions.learning

    assert (learning.required, learning.points) == (Decimal("10.67"), 2)  # 32 × 4 / 12 (March–June), 10.67 / 4


@pytest.mark.parametrize(
    ("hours", "shortfall", "points"),
    [("32", 0, 0), ("31", 1, 0), ("28", 4, 1), ("20", 12, 3), ("0", 32, 8), ("40.5", 0, 0)],
)
def test_learning_costs_a_point_per_four_hours_short_of_thirty_two(hours: str, shortfall: int, points: int) -> None:
    learning = score_card(inputs(learning_hours=Decimal(hours))).deductions.learning

    assert (learning.required, learning.shortfall, learning.points) == (32, shortfall, points)


def test_learning_deductions_stop_at_their_maximum() -> None:
    rules = with_rules(
        deductions=RULES.member.deductions.model_copy(
            update={"learning": RULES.member.deductions.learning.model_copy(update={"per_hours": 2})}
        )
    )
    learning = score_card(inputs(rules=rules, learning_hours=Decimal(0))).deductions.learning

    assert learning.points == 8  # 32 / 2 = 16 steps, at most 8


@pytest.mark.parametrize(
    ("as_of", "hours", "required", "points"),
    [
        (date(2026, 3, 15), "3", Decimal(8), 1),  # 32 × 3 / 12 = 8; 5 short → 1
        (date(2026, 5, 20), "5", Decimal("13.33"), 2),  # 32 × 5 / 12 = 13.33; 8.33 short → 2
        (date(2026, 1, 1), "0", Decimal("2.67"), 0),  # 32 / 12 = 2.67; under one step
    ],
)
def test_learning_in_the_current_year_is_prorated_by_months_begun(
    as_of: date, hours: str, required: Decimal, points: int
) -> None:
    card = score_card(inputs(year=2026, as_of=as_of, learning_hours=Decimal(hours)))

    assert (card.deductions.learning.required, card.deductions.learning.points) == (required, points)


def test_learning_is_prorated_from_the_month_of_joining() -> None:
    joined = person("probationary", joined=date(2025, 7, 1))
    learning = score_card(inputs(person=joined, learning_hours=Decimal(8))).deductions.learning

    assert (learning.required, learning.shortfall, learning.points) == (16, 8, 2)  # 32 × 6 / 12


def test_satisfaction_uses_the_members_own_ratings_from_five() -> None:
    own = ratings(department__very_satisfied=2, worker__satisfied=2, member__basically_satisfied=1)
    card = score_card(inputs(member_ratings=own, branch_ratings=ratings(worker__dissatisfied=20)))

    # 0.4 × 100 + 0.4 × 80 + 0.2 × 60 = 84
    assert card.satisfaction.source is SatisfactionSource.MEMBER
    assert (card.satisfaction.index, card.satisfaction.sample, card.satisfaction.points) == (84, 5, Decimal("8.4"))
    assert card.total == Decimal("68.40")


def test_under_five_ratings_the_branch_index_counts_from_ten() -> None:
    own = ratings(department__very_satisfied=4)
    branch = ratings(department__very_satisfied=6, worker__not_very_satisfied=4)
    card = score_card(inputs(member_ratings=own, branch_ratings=branch))

    # weights renormalised over the two groups rated: (0.4 × 100 + 0.4 × 30) / 0.8 = 65
    assert card.satisfaction.source is SatisfactionSource.BRANCH
    assert (card.satisfaction.index, card.satisfaction.sample, card.satisfaction.points) == (65, 10, Decimal("6.5"))


def test_too_few_ratings_of_the_branch_too_fall_back_to_eighty() -> None:
    card = score_card(inputs(member_ratings=ratings(worker__satisfied=4), branch_ratings=ratings(worker__satisfied=9)))

    assert (card.satisfaction.source, card.satisfaction.index, card.satisfaction.sample) == ("fallback", 80, 0)
    assert card.satisfaction.points == 8


def test_one_group_alone_gets_the_whole_weight() -> None:
    card = score_card(inputs(member_ratings=ratings(worker__dissatisfied=3, worker__satisfied=2)))

    assert (card.satisfaction.index, card.satisfaction.points) == (32, Decimal("3.2"))  # (3 × 0 + 2 × 80) / 5


def test_a_heavy_sanction_in_the_year_vetoes_the_total() -> None:
    heavy = Discipline(uuid.uuid4(), "removal_from_post", date(2025, 4, 1))
    card = score_card(inputs(discipline=(heavy,), ledger={"honours": Decimal(10)}))

    assert (card.veto.vetoed, card.veto.reasons) == (True, ("discipline.removal_from_post",))
    assert (card.total, card.band) == (0, Band.UNQUALIFIED_REVIEW)


@pytest.mark.parametrize(
    ("record", "year", "as_of"),
    [
        (Discipline(uuid.uuid4(), "serious_warning", date(2025, 4, 1)), 2025, date(2025, 12, 31)),  # too light
        (Discipline(uuid.uuid4(), "expulsion", date(2024, 12, 31)), 2025, date(2025, 12, 31)),  # another year
        (Discipline(uuid.uuid4(), "expulsion", date(2026, 6, 1)), 2026, date(2026, 5, 31)),  # not yet
    ],
)
def test_a_light_sanction_or_one_outside_the_window_does_not_veto(record: Discipline, year: int, as_of: date) -> None:
    assert not score_card(inputs(discipline=(record,), year=year, as_of=as_of)).veto.vetoed


def test_a_criminal_conviction_or_a_lapse_vetoes() -> None:
    conviction = Discipline(uuid.uuid4(), "warning", date(2025, 2, 1), criminal_conviction=True)

    assert score_card(inputs(discipline=(conviction,))).veto.reasons == ("criminal_conviction",)
    lapsed = score_card(inputs(person=person(status="lapsed")))
    assert (lapsed.veto.reasons, lapsed.total) == (("lapsed",), 0)


@pytest.mark.parametrize(
    ("total", "band"),
    BANDS_AT,
)
def test_bands_follow_the_total(total: str, band: Band) -> None:
    assert band_of("full", Decimal(total), False, RULES.member.bands) is band


def test_only_full_members_get_a_band() -> None:
    assert band_of("full", Decimal(95), True, RULES.member.bands) is Band.UNQUALIFIED_REVIEW  # vetoed
    for stage in ("probationary", "activist", "candidate", "applicant"):
        assert band_of(stage, Decimal(95), False, RULES.member.bands) is None


@pytest.mark.parametrize(
    ("stage", "attendance", "alert"),
    [
        ("activist", "-8", True),  # 52 + 8 = 60
        ("probationary", "-8", True),
        ("full", "-8", False),
        ("candidate", "-8", False),
        ("activist", "0", False),  # 68 + 7 service = 75: not under
    ],
)
def test_activists_and_probationary_members_under_seventy_five_raise_an_alert(
    stage: str, attendance: str, alert: bool
) -> None:
    ledger = {"deduction.attendance": Decimal(attendance), "service.mobile_service_post": Decimal(7)}
    card = score_card(inputs(person=person(stage), ledger=ledger))

    assert card.alert is alert


def test_a_whole_year_adds_up() -> None:
    """Absent from an assembly (−3) and a theme day (−2), 10 shifts, 2 visits, a themed practice led, honours
    13, 20 learning hours, dues unpaid in November and December, five ratings of their service."""
    ledger = {
        "deduction.attendance": Decimal(-5),
        "service.mobile_service_post": Decimal(10),
        "service.door_to_door_visit": Decimal(2),
        "service.themed_practice": Decimal(3),
        "honours": Decimal(13),
    }
    paid = frozenset(f"2025-{month:02d}" for month in range(1, 11))
    own = ratings(department__very_satisfied=2, worker__satisfied=2, member__basically_satisfied=1)
    card = score_card(inputs(ledger=ledger, dues_paid=paid, learning_hours=Decimal(20), member_ratings=own))

    # (60 − 5 − 2 − 3) + min(8 + 2 + 3, 30) + 8.4 + min(13, 10) = 50 + 13 + 8.4 + 10
    assert card.deductions.total == 10
    assert (card.total, card.band) == (Decimal("81.40"), Band.QUALIFIED)


def test_equal_totals_share_a_rank() -> None:
    totals = {"a": Decimal(80), "b": Decimal(70), "c": Decimal(70), "d": Decimal(60)}

    assert ranks(totals) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert ranks({}) == {}
