"""三会一课 完成情况 as pure rules: periods, scaling to the period, held against required, gaps."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from activity.domain.compliance import (
    DEFAULT_RULES,
    Compliance,
    Group,
    HeldActivity,
    Item,
    Period,
    PeriodKind,
    configured_rule,
    evaluate,
    gaps,
    merged_rules,
)
from bastion.errors import RuleViolationError
from bastion_contracts.vocabulary import ActivityKind as K

BRANCH = uuid.uuid4()
GROUP_A, GROUP_B = Group(uuid.uuid4(), "第一小组"), Group(uuid.uuid4(), "第二小组")
AFTER_2026 = date(2027, 2, 1)


def by_kind(compliance: Compliance) -> dict[K, Item]:
    return {item.rule.kind: item for item in compliance.items}


def held(kind: K, *days: date, organiser: uuid.UUID = BRANCH) -> list[HeldActivity]:
    return [HeldActivity(kind, organiser, day) for day in days]


def full_quarter_q3(*, committee_meetings: int = 3) -> list[HeldActivity]:
    """Everything 2026-Q3 requires, with ``committee_meetings`` committee meetings (July, August, ...)."""
    months = [date(2026, 7, 10), date(2026, 8, 10), date(2026, 9, 10)]
    return [
        *held(K.COMMITTEE_MEETING, *months[:committee_meetings]),
        *held(K.THEME_DAY, *months),
        *held(K.BRANCH_ASSEMBLY, date(2026, 8, 20)),
        *held(K.PARTY_LESSON, date(2026, 9, 20)),
        *held(K.GROUP_MEETING, *months, organiser=GROUP_A.id),
        *held(K.GROUP_MEETING, *months, organiser=GROUP_B.id),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "first_day", "end", "label"),
    [
        ("2026-07", PeriodKind.MONTH, date(2026, 7, 1), date(2026, 8, 1), "2026-07"),
        ("2026-12", PeriodKind.MONTH, date(2026, 12, 1), date(2027, 1, 1), "2026-12"),
        ("2026-Q3", PeriodKind.QUARTER, date(2026, 7, 1), date(2026, 10, 1), "2026-Q3"),
        ("2026-Q4", PeriodKind.QUARTER, date(2026, 10, 1), date(2027, 1, 1), "2026-Q4"),
        ("2026", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1), "2026"),
    ],
)
def test_periods_are_months_quarters_or_years(
    text: str, kind: PeriodKind, first_day: date, end: date, label: str
) -> None:
    period = Period.parse(text)

    assert (period.kind, period.first_day, period.end, period.label) == (kind, first_day, end, label)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-Q0", "26-07", "2026-7", "2026/07", "Q3", "", "1800"])
def test_a_malformed_period_is_refused(text: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        Period.parse(text)
    assert refused.value.code == "invalid_period"


def test_a_period_knows_its_parts_and_what_encloses_it() -> None:
    quarter = Period.parse("2026-Q3")

    assert [p.label for p in quarter.parts(PeriodKind.MONTH)] == ["2026-07", "2026-08", "2026-09"]
    assert quarter.enclosing(PeriodKind.YEAR) == Period.parse("2026")
    assert Period.parse("2026-11").enclosing(PeriodKind.QUARTER) == Period.parse("2026-Q4")
    assert Period.containing(PeriodKind.QUARTER, date(2026, 5, 31)) == Period.parse("2026-Q2")


def test_a_quarter_with_two_of_three_committee_meetings_misses_one() -> None:
    found = evaluate(
        DEFAULT_RULES,
        Period.parse("2026-Q3"),
        AFTER_2026,
        BRANCH,
        [GROUP_A, GROUP_B],
        full_quarter_q3(committee_meetings=2),
    )

    items = by_kind(found)
    committee = items[K.COMMITTEE_MEETING]
    assert (committee.required, committee.held, committee.missing, committee.complete) == (3, 2, 1, False)
    others = [item for kind, item in items.items() if kind is not K.COMMITTEE_MEETING and item.in_totals]
    assert all(item.complete for item in others), others
    assert (items[K.THEME_DAY].required, items[K.BRANCH_ASSEMBLY].required, items[K.PARTY_LESSON].required) == (3, 1, 1)
    assert (found.missing, found.complete) == (1, False)
    assert found.required == 3 + 3 + 1 + 1 + 6


def test_group_meetings_are_required_per_group_and_one_groups_extra_does_not_cover_another() -> None:
    extra = [
        *held(
            K.GROUP_MEETING,
            date(2026, 7, 1),
            date(2026, 7, 2),
            date(2026, 8, 1),
            date(2026, 9, 1),
            organiser=GROUP_A.id,
        ),
        *held(K.GROUP_MEETING, date(2026, 7, 3), organiser=GROUP_B.id),
    ]

    found = evaluate(DEFAULT_RULES, Period.parse("2026-Q3"), AFTER_2026, BRANCH, [GROUP_A, GROUP_B], extra)

    meetings = by_kind(found)[K.GROUP_MEETING]
    assert (meetings.required, meetings.held, meetings.missing) == (6, 5, 2)
    assert meetings.groups is not None
    assert [(g.group.name, g.tally.required, g.tally.held, g.tally.missing) for g in meetings.groups] == [
        ("第一小组", 3, 4, 0),
        ("第二小组", 3, 1, 2),
    ]


def test_a_branch_without_groups_needs_no_group_meetings() -> None:
    found = evaluate(DEFAULT_RULES, Period.parse("2026-Q3"), AFTER_2026, BRANCH, [], [])

    meetings = by_kind(found)[K.GROUP_MEETING]
    assert (meetings.required, meetings.missing, meetings.groups) == (0, 0, ())


def test_only_activities_of_the_kind_by_the_organiser_in_the_window_count() -> None:
    counted = [
        *held(K.THEME_DAY, date(2026, 7, 31)),  # counts
        *held(K.THEME_DAY, date(2026, 6, 30), date(2026, 10, 1)),  # outside the quarter
        *held(K.THEME_DAY, date(2026, 8, 1), organiser=GROUP_A.id),  # a group's, not the branch's
        *held(K.TRAINING, date(2026, 8, 1)),  # another kind
    ]

    found = evaluate(DEFAULT_RULES, Period.parse("2026-Q3"), AFTER_2026, BRANCH, [GROUP_A], counted)

    assert by_kind(found)[K.THEME_DAY].held == 1


def test_a_yearly_rule_in_a_quarters_view_is_reckoned_over_the_year_and_left_out_of_the_totals() -> None:
    found = evaluate(
        DEFAULT_RULES, Period.parse("2026-Q3"), AFTER_2026, BRANCH, [], held(K.ORG_LIFE_MEETING, date(2026, 1, 15))
    )

    org_life, appraisal = by_kind(found)[K.ORG_LIFE_MEETING], by_kind(found)[K.MEMBER_APPRAISAL]
    assert (org_life.window.label, org_life.required, org_life.held, org_life.in_totals) == ("2026", 1, 1, False)
    assert (appraisal.window.kind, appraisal.missing, appraisal.in_totals) == (PeriodKind.YEAR, 1, False)
    assert found.missing == 3 + 3 + 1 + 1  # committee, theme day, assembly, lesson; not the yearly ones


def test_a_quarterly_rule_in_a_months_view_keeps_its_quarter() -> None:
    found = evaluate(DEFAULT_RULES, Period.parse("2026-08"), AFTER_2026, BRANCH, [], [])

    assembly = by_kind(found)[K.BRANCH_ASSEMBLY]
    assert (assembly.window.label, assembly.required, assembly.in_totals) == ("2026-Q3", 1, False)
    assert (by_kind(found)[K.COMMITTEE_MEETING].required, found.required) == (1, 2)


def test_a_year_scales_monthly_and_quarterly_rules() -> None:
    found = evaluate(DEFAULT_RULES, Period.parse("2026"), AFTER_2026, BRANCH, [GROUP_A], [])

    items = by_kind(found)
    figures = {kind: items[kind].required for kind in items}
    assert figures == {
        K.BRANCH_ASSEMBLY: 4,
        K.COMMITTEE_MEETING: 12,
        K.GROUP_MEETING: 12,
        K.PARTY_LESSON: 4,
        K.THEME_DAY: 12,
        K.ORG_LIFE_MEETING: 1,
        K.MEMBER_APPRAISAL: 1,
    }
    assert all(item.in_totals for item in found.items)


def test_a_running_period_requires_only_the_months_begun_so_far() -> None:
    found = evaluate(DEFAULT_RULES, Period.parse("2026"), date(2026, 8, 15), BRANCH, [GROUP_A, GROUP_B], [])

    items = by_kind(found)
    assert found.in_progress
    assert items[K.COMMITTEE_MEETING].required == 8  # January to August
    assert items[K.GROUP_MEETING].required == 16  # per group
    assert items[K.BRANCH_ASSEMBLY].required == 3  # Q1 to Q3
    assert items[K.ORG_LIFE_MEETING].required == 1


def test_a_period_not_yet_begun_is_refused() -> None:
    with pytest.raises(RuleViolationError) as refused:
        evaluate(DEFAULT_RULES, Period.parse("2026-Q4"), date(2026, 9, 30), BRANCH, [], [])
    assert refused.value.code == "period_in_future"


def test_an_organisations_rule_replaces_the_default_for_its_kind() -> None:
    rules = merged_rules([configured_rule(K.PARTY_LESSON, PeriodKind.MONTH, 2)])

    lesson = next(rule for rule in rules if rule.kind is K.PARTY_LESSON)
    assert (lesson.period, lesson.required, lesson.configured) == (PeriodKind.MONTH, 2, True)
    assert [rule.kind for rule in rules] == [rule.kind for rule in DEFAULT_RULES]
    found = evaluate(rules, Period.parse("2026-Q3"), AFTER_2026, BRANCH, [], held(K.PARTY_LESSON, date(2026, 7, 1)))
    assert (by_kind(found)[K.PARTY_LESSON].required, by_kind(found)[K.PARTY_LESSON].missing) == (6, 5)
    assert configured_rule(K.GROUP_MEETING, PeriodKind.QUARTER, 1).per_group
    assert not configured_rule(K.THEME_DAY, PeriodKind.QUARTER, 1).per_group


@pytest.mark.parametrize(
    ("kind", "required", "code"),
    [
        (K.TRAINING, 1, "not_a_compliance_kind"),
        (K.HEART_TO_HEART_TALK, 1, "not_a_compliance_kind"),
        (K.THEME_DAY, -1, "required_range"),
        (K.THEME_DAY, 101, "required_range"),
    ],
)
def test_a_rule_must_be_for_a_compliance_kind_and_a_sensible_number(kind: K, required: int, code: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        configured_rule(kind, PeriodKind.MONTH, required)
    assert refused.value.code == code


def test_gaps_are_the_counted_items_missing_something_with_only_the_groups_behind() -> None:
    activities = [
        *full_quarter_q3(committee_meetings=2),
        *held(K.GROUP_MEETING, date(2026, 7, 11), organiser=GROUP_A.id),
    ]
    activities.remove(HeldActivity(K.GROUP_MEETING, GROUP_B.id, date(2026, 9, 10)))

    found = gaps(evaluate(DEFAULT_RULES, Period.parse("2026-Q3"), AFTER_2026, BRANCH, [GROUP_A, GROUP_B], activities))

    assert [(item.rule.kind, item.missing) for item in found] == [(K.COMMITTEE_MEETING, 1), (K.GROUP_MEETING, 1)]
    group_gap = found[1]
    assert group_gap.groups is not None
    assert [(g.group.name, g.tally.missing) for g in group_gap.groups] == [("第二小组", 1)]
