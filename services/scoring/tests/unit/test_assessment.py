"""The branch assessment of domain.md §3, by hand from the default rule set (2026.1), assessed on 28 November
2026 (11 months and 4 quarters begun) unless a test says otherwise."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from scoring.assessment import AssessmentInputs, BranchAssessment, HeldActivity, Person, Record, Suggestion, Visit
from scoring.assessment.compute import assess
from scoring.assessment.measures import add_months, satisfaction_index, star_cap, stars_for
from scoring.period import Span
from scoring.rules import RuleBook, load_rule_sets

RULES = RuleBook(load_rule_sets(None)).for_year(2026)
AS_OF = date(2026, 11, 28)
BRANCH, GROUP = uuid.uuid4(), uuid.uuid4()
SUBTYPES = ["innovation_development", "quality_efficiency", "lean_management", "poverty_relief", "service_support"]
TAGS = ("serve_masses", "serve_reform", "serve_development", "serve_members", "serve_society")
MONTHLY = [date(2026, month, 10) for month in range(1, 12)]
QUARTERLY = [date(2026, month, 15) for month in (1, 4, 7, 10)]


def person(stage: str = "full", born: date = date(1966, 6, 6), education: str = "high", **kw: Any) -> Person:
    return Person(uuid.uuid4(), "党员", stage, born, education, **kw)


def held(kind: str, day: date, approved_after: timedelta | None = timedelta(days=1), **kw: Any) -> HeldActivity:
    start = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)  # 10:00 in Shanghai
    approved = start + approved_after if approved_after is not None else None
    return HeldActivity(uuid.uuid4(), kind, kw.pop("organiser_id", BRANCH), start, day, approved_at=approved, **kw)


def ratings(**counts: int) -> dict[tuple[str, str], int]:
    """``department__very_satisfied=2`` → {("department", "very_satisfied"): 2}."""
    return {(key.split("__")[0], key.split("__")[1]): n for key, n in counts.items()}


def inputs(**changes: Any) -> AssessmentInputs:
    return AssessmentInputs(branch_id=BRANCH, name="四支部", year=2026, as_of=AS_OF, **changes)


def model_activities(secretary: uuid.UUID) -> tuple[HeldActivity, ...]:
    monthly = ("committee_meeting", "theme_day", "mobile_service_post_shift")
    return (
        *(held(kind, day) for kind in monthly for day in MONTHLY),
        *(held("group_meeting", day, organiser_id=GROUP) for day in MONTHLY),
        *(held("party_lesson", day, lecturer_id=secretary) for day in QUARTERLY),
        *(held(kind, day) for kind in ("branch_assembly", "poverty_relief") for day in QUARTERLY),
        *(held("themed_practice", date(2026, 5, 1 + n), subtype=s) for n, s in enumerate(SUBTYPES)),
        held("org_life_meeting", date(2026, 1, 20)),
        held("member_appraisal", date(2026, 1, 21), five_services=TAGS),
    )


def model_branch() -> AssessmentInputs:
    """A branch that earns every one of the 100 points by 28 November."""
    members = [person() for _ in range(8)]
    department, roles = uuid.uuid4(), ("secretary", "org_officer", "publicity_officer")
    return inputs(
        people=(*members, person("activist", activist_on=date(2026, 9, 1)), person("candidate")),
        groups={GROUP: "第一党小组"},
        seats=tuple((role, m.member_id) for role, m in zip(roles, members, strict=False)),
        member_totals={m.member_id: Decimal(85) for m in members},
        reserve=tuple(Record(uuid.uuid4(), date(1995, 1, 1)) for _ in range(3)),
        activities=model_activities(members[0].member_id),
        talked=frozenset(m.member_id for m in members),
        departments=(department,),
        visits=tuple(Visit(uuid.uuid4(), day, (department,)) for day in QUARTERLY),
        qc_closed=(Record(uuid.uuid4(), date(2026, 3, 1)), Record(uuid.uuid4(), date(2026, 6, 1))),
        ratings=ratings(department__very_satisfied=4, worker__very_satisfied=4, member__satisfied=2),
        public_months=frozenset(range(1, 12)),
    )


def score(found: BranchAssessment, code: str) -> tuple[float | None, float, float, float]:
    i = next(i for d in found.dimensions for i in d.indicators if i.code == code)
    return i.value, i.target, i.points, i.score


def scored(code: str, **changes: Any) -> tuple[float | None, float, float, float]:
    """(value, target, points, score) of one indicator of the branch with ``changes``."""
    return score(assess(inputs(**changes), RULES), code)


def test_the_model_branch_earns_all_100_points_and_five_stars() -> None:
    found = assess(model_branch(), RULES)

    assert [(d.points, d.score) for d in found.dimensions] == [(10, 10), (15, 15), (5, 5), (20, 20), (25, 25), (25, 25)]
    assert [d.dimension for d in found.dimensions][:2] == ["leadership_team", "backbone_team"]
    assert (found.total, found.stars, found.cap_applied, found.rule_set_version) == (100, 5, None, "2026.1")
    assert found.satisfaction.index == 96.0  # (0.4 × 100 + 0.4 × 100 + 0.2 × 80) / 1.0


def test_an_empty_branch_gets_only_what_nothing_was_required_for() -> None:
    found = assess(inputs(), RULES)

    assert (found.total, found.stars) == (13, 1)  # no overdue pipeline step 3, no groups 4, no suggestion due 6
    assert score(found, "group_meetings") == (0, 0, 4, 4)
    assert score(found, "suggestions_in_time") == (0, 0, 6, 6)
    assert score(found, "departments_visited") == (0, 0, 3, 0)
    assert score(found, "average_member_total") == (None, 85, 5, 0)
    assert score(found, "satisfaction_index") == (None, 90, 15, 0)


def test_targets_accrue_by_months_and_quarters_begun() -> None:
    base = model_branch()
    missing_one = tuple(a for a in base.activities if not (a.kind == "committee_meeting" and a.held_on.month == 3))
    found = assess(replace(base, activities=missing_one), RULES)
    assert score(found, "committee_meetings") == (10, 11, 4, 3.64)  # 4 × 10/11
    assert score(found, "theme_days") == (11, 11, 4, 4)
    assert score(found, "branch_assemblies") == (4, 4, 4, 4)
    assert found.compliance["committee_meeting"] == (11, 10)
    assert found.total == 99.64

    by_september = tuple(a for a in missing_one if a.held_on <= date(2026, 9, 30))
    third_quarter = assess(replace(base, as_of=date(2026, 9, 30), activities=by_september), RULES)
    assert score(third_quarter, "committee_meetings") == (8, 9, 4, 3.56)  # 4 × 8/9
    assert score(third_quarter, "branch_assemblies") == (3, 3, 4, 4)
    assert score(third_quarter, "departments_visited")[:2] == (3, 3)  # the October visit is in a later quarter


@pytest.mark.parametrize(
    ("full", "roles", "expected"),
    [
        (8, ("secretary", "org_officer", "publicity_officer"), (3, 3, 4, 4)),
        (8, ("secretary",), (1, 3, 4, 2)),  # a committee is required: a secretary alone gets 2
        (5, ("secretary",), (1, 1, 4, 4)),  # under 7 full members a secretary is enough
        (8, ("org_officer", "publicity_officer", "deputy_secretary"), (3, 3, 4, 0)),
    ],
)
def test_committee_in_place(full: int, roles: tuple[str, ...], expected: tuple[float, ...]) -> None:
    members = [person() for _ in range(full)] + [person("probationary")]
    seats = tuple((role, m.member_id) for role, m in zip(roles, members, strict=False))
    assert scored("committee_in_place", people=tuple(members), seats=seats) == expected


def test_the_secretary_must_lecture_a_party_lesson_themself() -> None:
    secretary, other = person(), person()
    lesson = held("party_lesson", date(2026, 4, 1), lecturer_id=other.member_id)
    seats = (("secretary", secretary.member_id),)
    found = assess(inputs(people=(secretary, other), seats=seats, activities=(lesson,)), RULES)
    assert score(found, "secretary_lectured") == (0, 1, 2, 0)
    assert score(found, "party_lessons") == (1, 4, 4, 1)


@pytest.mark.parametrize(("totals", "expected"), [((70, 80), 3.0), ((90, 95), 5.0), ((50, 60), 0.0)])
def test_average_member_total_scales_from_60_to_85(totals: tuple[int, ...], expected: float) -> None:
    found = scored("average_member_total", member_totals={uuid.uuid4(): Decimal(t) for t in totals})
    assert found[3] == expected  # 5 × clamp((avg − 60) / 25, 0, 1)


def test_activists_and_candidates_against_5_percent_of_members_at_least_2_and_young_reserve_under_40() -> None:
    forty = tuple(person() for _ in range(40))
    assert scored("activists_and_candidates", people=(*forty, person("activist"))) == (1, 2, 4, 2)
    sixty = tuple(person() for _ in range(60))
    pipeline = (person("activist"), person("candidate"), person("applicant"))
    assert scored("activists_and_candidates", people=(*sixty, *pipeline)) == (2, 3, 4, 2.67)
    reserve = tuple(Record(uuid.uuid4(), born) for born in (date(1990, 1, 1), date(1986, 11, 28), date(1986, 11, 29)))
    assert scored("young_reserve", reserve=reserve) == (2, 3, 3, 2)


@pytest.mark.parametrize(
    ("someone", "overdue"),
    [
        (person("applicant", applied_on=date(2026, 10, 27)), True),  # the talk was due by 27 November
        (person("applicant", applied_on=date(2026, 10, 28)), False),
        (person("applicant", applied_on=date(2026, 1, 1), talk_held=True), False),
        (person("activist", activist_on=date(2025, 1, 1), last_review_on=date(2026, 5, 27)), True),
        (person("activist", activist_on=date(2026, 5, 28)), False),
        (person("probationary", probation_ends_on=date(2026, 11, 27)), True),
        (person("probationary", probation_ends_on=date(2026, 11, 28)), False),
    ],
)
def test_an_overdue_pipeline_step_loses_its_3_points(someone: Person, overdue: bool) -> None:
    assert scored("no_overdue_step", people=(someone,)) == ((1, 0, 3, 0) if overdue else (0, 0, 3, 3))


def test_add_months_keeps_to_the_months_last_day() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_service_venue_shares_of_months() -> None:
    days = (date(2026, 1, 3), date(2026, 1, 9), date(2026, 3, 1))
    shifts = tuple(held("mobile_service_post_shift", day) for day in days)
    found = assess(inputs(activities=shifts, public_months=frozenset({1, 2, 12})), RULES)
    assert score(found, "service_post_months") == (2, 11, 3, 0.55)  # 3 × 2/11
    assert score(found, "public_channel_months") == (2, 11, 2, 0.36)  # 2 × 2/11


def test_service_carrier() -> None:
    themed = [held("themed_practice", date(2026, 2, n), subtype=s) for n, s in enumerate(SUBTYPES[:3] * 2, 1)]
    relief = [held("poverty_relief", date(2026, 3, n)) for n in range(1, 6)]
    d1, d2 = uuid.uuid4(), uuid.uuid4()
    served = [(date(2026, 2, 1), (d1,)), (date(2026, 3, 1), (d1, uuid.uuid4())), (date(2026, 11, 2), (d2,))]
    visits = tuple(Visit(uuid.uuid4(), day, departments) for day, departments in served)
    qc = (Record(uuid.uuid4(), date(2026, 5, 1)),)
    found = assess(inputs(activities=(*themed, *relief), departments=(d1, d2), visits=visits, qc_closed=qc), RULES)
    assert score(found, "themed_practice_subtypes") == (3, 5, 10, 6)  # 2 per subtype held
    assert score(found, "qc_projects_closed") == (1, 2, 4, 2)
    assert score(found, "poverty_relief") == (5, 4, 3, 3)
    assert score(found, "departments_visited") == (2, 8, 3, 0.75)  # (d1, Q1) and (d2, Q4) of 2 × 4


def test_group_meetings_per_group_and_heart_to_heart_talks() -> None:
    other = uuid.uuid4()
    members = tuple(person() for _ in range(4))
    meetings = [held("group_meeting", date(2026, m, 5), organiser_id=GROUP) for m in range(1, 12)]
    meetings += [held("group_meeting", date(2026, 11, 6), organiser_id=GROUP)]
    meetings += [held("group_meeting", date(2026, m, 5), organiser_id=other) for m in range(1, 6)]
    talked = frozenset({members[0].member_id, members[1].member_id, uuid.uuid4()})
    groups = {GROUP: "一组", other: "二组"}
    found = assess(inputs(people=members, groups=groups, activities=tuple(meetings), talked=talked), RULES)
    assert score(found, "group_meetings") == (16, 22, 4, 2.91)  # min(12, 11) + 5 of 2 × 11
    assert found.compliance["group_meeting"] == (22, 17)
    assert score(found, "heart_to_heart") == (2, 4, 2, 1)  # someone not a member of the branch does not count


def test_a_group_set_up_in_december_adds_december_only_to_the_group_meeting_target() -> None:
    """The issue's branch: three groups with 11 of 12 monthly meetings each, and a fourth set up on 10 December."""
    old = [uuid.uuid4() for _ in range(3)]
    meetings = [held("group_meeting", date(2026, m, 5), organiser_id=g) for g in old for m in range(1, 12)]
    december = uuid.uuid4()
    groups = {g: f"第{n}党小组" for n, g in enumerate(old, start=1)} | {december: "第四党小组"}
    spans = {december: Span(since=date(2026, 12, 10))}
    year_end = replace(inputs(groups=groups, activities=tuple(meetings), spans=spans), as_of=date(2026, 12, 31))

    found = assess(year_end, RULES)
    before_it = assess(replace(year_end, as_of=date(2026, 11, 30)), RULES)

    assert score(found, "group_meetings") == (33, 37, 4, 3.57)  # 3 × 12 + 1 (not 4 × 12 = 48: 2.75)
    assert found.compliance["group_meeting"] == (37, 33)
    assert score(before_it, "group_meetings") == (33, 33, 4, 4)  # 3 × 11 by November: the new group not yet
    dissolved = spans | {old[2]: Span(until=date(2026, 6, 30))}  # and the third group was dissolved on 30 June
    shorter = assess(replace(year_end, spans=dissolved), RULES)
    assert score(shorter, "group_meetings")[:2] == (11 + 11 + 6, 12 + 12 + 6 + 1)


def test_a_department_counts_from_the_quarter_it_was_first_served() -> None:
    department = uuid.uuid4()
    visits = tuple(Visit(uuid.uuid4(), day, (department,)) for day in (date(2026, 8, 1), date(2026, 11, 2)))
    found = assess(inputs(departments=(department,), visits=visits, spans={department: Span(date(2026, 7, 1))}), RULES)

    assert score(found, "departments_visited") == (2, 2, 3, 3)  # Q3 and Q4 only, both visited


def test_meetings_approved_within_7_days() -> None:
    approvals = [
        held("theme_day", date(2026, 11, 1), timedelta(days=4)),
        held("theme_day", date(2026, 10, 1), timedelta(days=8)),  # late
        held("branch_assembly", date(2026, 9, 1), None),  # never approved, its week long over
        held("committee_meeting", date(2026, 11, 25), None),  # its week not over yet: not counted
        held("org_life_meeting", date(2026, 11, 20), timedelta(days=7)),
        held("member_appraisal", date(2026, 6, 1), None),  # not a meeting that needs approving here
    ]
    found = assess(inputs(activities=tuple(approvals)), RULES)
    assert score(found, "approved_in_time") == (2, 4, 3, 1.5)
    assert score(found, "org_life_meeting") == (1, 1, 2, 2)
    assert score(found, "member_appraisal") == (1, 1, 2, 2)


def test_satisfaction_index_weights_groups_and_renormalises() -> None:
    counts = ratings(department__very_satisfied=2, worker__satisfied=1, worker__basically_satisfied=1)
    si = satisfaction_index({**counts, ("member", "dissatisfied"): 1}, RULES.satisfaction)
    assert (si.index, si.count, si.sufficient) == (68.0, 5, False)  # 0.4 × 100 + 0.4 × 70 + 0.2 × 0
    groups = [(g.group, g.count, g.mean, g.weight) for g in si.by_group]
    assert groups == [("department", 2, 100, 0.4), ("worker", 2, 70, 0.4), ("member", 1, 0, 0.2)]
    two_groups = satisfaction_index(ratings(department__very_satisfied=2, member__dissatisfied=8), RULES.satisfaction)
    assert (two_groups.index, two_groups.sufficient) == (66.67, True)  # (0.4 × 100 + 0.2 × 0) / 0.6
    rated = ratings(department__very_satisfied=2, worker__satisfied=2, member__dissatisfied=1)
    assert scored("satisfaction_index", ratings=rated) == (72.0, 90, 15, 6)  # 15 × (72 − 60) / 30


def test_star_thresholds() -> None:
    stars = {100: 5, 90: 5, 89.99: 4, 80: 4, 79.99: 3, 70: 3, 60: 2, 59.99: 1, 0: 1}
    assert {total: stars_for(total, RULES.branch.stars) for total in stars} == stars


def test_a_low_satisfaction_index_caps_the_stars_only_with_a_sufficient_sample() -> None:
    low = ratings(department__basically_satisfied=6, worker__not_very_satisfied=2, worker__satisfied=2)
    found = assess(replace(model_branch(), ratings=low), RULES)  # SI 0.4 × 60 + 0.4 × 55 = 46 / 0.8 = 57.5
    assert (found.satisfaction.index, found.total, found.stars_before_cap, found.stars) == (57.5, 85, 4, 2)
    assert found.cap_applied == "满意度指数 57.5 低于 60（样本 10 份），最多 2 星"
    very_low = assess(replace(model_branch(), ratings=ratings(worker__not_very_satisfied=10)), RULES)
    assert (very_low.satisfaction.index, very_low.stars_before_cap, very_low.stars) == (30, 4, 1)
    few = assess(replace(model_branch(), ratings=ratings(worker__not_very_satisfied=9)), RULES)
    assert (few.satisfaction.sufficient, few.stars, few.cap_applied) == (False, 4, None)
    assert star_cap(few.satisfaction, RULES.branch.satisfaction_caps) is None


def test_bonus_is_capped_and_each_disciplinary_case_deducts_5() -> None:
    honours = (Record(uuid.uuid4(), date(2026, 3, 1), "factory"), Record(uuid.uuid4(), date(2026, 7, 1), "provincial"))
    cases = tuple(Record(uuid.uuid4(), date(2026, 4, 1), "warning", uuid.uuid4()) for _ in range(2))
    found = assess(replace(model_branch(), honours=honours, discipline=cases), RULES)
    assert (found.bonus.amount, found.deductions.amount, found.total) == (10, 10, 100)  # 5 + 10 capped at 10
    assert found.bonus.note == "加分合计 15 分，封顶 10 分"
    empty = assess(inputs(discipline=(*cases, *cases)), RULES)
    assert (empty.deductions.amount, empty.total) == (20, 0)  # 13 − 20, not below 0


def test_suggestions_decided_in_time_among_those_decided_or_overdue() -> None:
    due, later = date(2026, 10, 20), date(2026, 12, 10)
    cases = [(due, date(2026, 10, 20), "adopted"), (due, date(2026, 10, 21), "partially_adopted"), (due, None, None)]
    cases += [(later, None, None), (later, date(2026, 11, 30), "rejected")]  # not due yet; decided after as_of
    found = assess(inputs(suggestions=tuple(Suggestion(uuid.uuid4(), *case) for case in cases)), RULES)
    assert found.suggestions == {"decided_or_overdue": 3, "in_time": 1, "adopted": 2}
    assert score(found, "suggestions_in_time") == (1, 3, 6, 2)


def test_five_services_and_structure() -> None:
    tagged = (("theme_day", TAGS[:2]), ("volunteer_service", TAGS[1:3]))
    activities = tuple(held(kind, date(2026, 2, 1), five_services=tags) for kind, tags in tagged)
    people = [person(born=date(year, 1, 1)) for year in (1966, 1995)] + [person("activist")]
    people += [person(born=date(1975, 1, 1), education="bachelor"), person("probationary", born=date(1988, 1, 1))]
    found = assess(inputs(activities=activities, people=tuple(people)), RULES)
    assert score(found, "five_services_tags") == (3, 5, 4, 2.4)
    assert found.five_services == ("serve_development", "serve_masses", "serve_reform")
    s = found.structure
    assert (s.party_members, s.full, s.probationary, s.born_1970s_1980s_share) == (4, 3, 1, 0.5)
    assert (s.bachelor_or_above_share, s.average_age) == (0.25, 45)  # (60 + 51 + 38 + 31) / 4
