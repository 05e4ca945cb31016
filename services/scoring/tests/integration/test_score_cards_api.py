"""Score cards read through the API, from events fed through the broker or scoring's real handler;
every expected number is worked out by hand from domain.md §3 (default rule set)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from bastion.clock import local_today
from bastion.events import EventData
from bastion.testing import ServiceClient, TestStack, running_service
from bastion_contracts.vocabulary import (
    ActivityKind,
    AttendanceState,
    DisciplineLevel,
    HonourLevel,
    MemberStatus,
    RespondentGroup,
    SatisfactionAnswer,
    Stage,
)
from scoring.main import SERVICE
from scoring.period import Period
from scoring.reads import live_engine, rule_book
from scoring.scorecards import member_totals_of_branch
from tests.support.scoring import (
    TIMEZONE,
    apply,
    at,
    attendance,
    branch_created,
    discipline,
    dues_paid,
    honour,
    learning,
    member_registered,
    publish,
    rating,
    service_recorded,
)

A = AttendanceState
S = SatisfactionAnswer
VERY, OK, BASIC, BAD = S.VERY_SATISFIED, S.SATISFIED, S.BASICALLY_SATISFIED, S.DISSATISFIED
DEPARTMENT, WORKER, MEMBER = RespondentGroup.DEPARTMENT, RespondentGroup.WORKER, RespondentGroup.MEMBER


@pytest.fixture
async def scoring(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client


@dataclass
class Branch2025:
    """A branch's 2025: 甲 (busy), 丙 (quiet), 丁 (activist), 戊 (sanctioned), 己 (lapsed)."""

    branch: uuid.UUID = field(default_factory=uuid.uuid4)
    busy: uuid.UUID = field(default_factory=uuid.uuid4)
    quiet: uuid.UUID = field(default_factory=uuid.uuid4)
    activist: uuid.UUID = field(default_factory=uuid.uuid4)
    sanctioned: uuid.UUID = field(default_factory=uuid.uuid4)
    lapsed: uuid.UUID = field(default_factory=uuid.uuid4)
    events: list[EventData] = field(default_factory=list)

    def __post_init__(self) -> None:
        b = self.branch
        self.events += [
            branch_created(b),
            member_registered(self.busy, b, "甲"),
            member_registered(self.quiet, b, "丙"),
            member_registered(self.activist, b, "丁", stage=Stage.ACTIVIST, probationary_on=None),
            member_registered(self.sanctioned, b, "戊"),
            member_registered(self.lapsed, b, "己", status=MemberStatus.LAPSED),
        ]
        self._busy_year()
        for member in (self.quiet, self.sanctioned, self.lapsed):
            self.events += [dues_paid(member, b, f"2025-{m:02d}") for m in range(1, 13)]
            self.events.append(learning(member, b, "32", date(2025, 6, 1)))
        self.events.append(discipline(self.sanctioned, b, DisciplineLevel.REMOVAL_FROM_POST, date(2025, 8, 1)))
        # the branch rated itself: 3 departments satisfied, 3 workers dissatisfied
        self.events += [
            rating(b, answer, group, at(date(2025, 9, day)))
            for day, (answer, group) in enumerate([(OK, DEPARTMENT)] * 3 + [(BAD, WORKER)] * 3, start=1)
        ]

    def _busy_year(self) -> None:
        m, b = self.busy, self.branch
        meeting = uuid.uuid4()
        self.events += [
            attendance(m, b, ActivityKind.BRANCH_ASSEMBLY, A.ABSENT, at(date(2025, 3, 10))),  # −3
            attendance(m, b, ActivityKind.THEME_DAY, A.ABSENT, at(date(2025, 4, 10))),  # −2
            attendance(m, b, ActivityKind.GROUP_MEETING, A.EXCUSED, at(date(2025, 5, 10))),  # 0
            attendance(m, b, ActivityKind.GROUP_MEETING, A.ABSENT, at(date(2025, 6, 10)), activity_id=meeting),
            attendance(m, b, ActivityKind.GROUP_MEETING, A.PRESENT, at(date(2025, 6, 10)), activity_id=meeting),
            attendance(m, b, ActivityKind.THEMED_PRACTICE, A.PRESENT, at(date(2025, 12, 1)), role="lead"),  # +3
            honour(m, b, HonourLevel.FACTORY, date(2025, 6, 1)),  # +3
            honour(m, b, HonourLevel.NATIONAL, date(2025, 12, 20)),  # +10
            learning(m, b, "12", date(2025, 3, 1)),
            learning(m, b, "8", date(2025, 9, 1)),
        ]
        self.events += [service_recorded([m], b, at(date(2025, month, 15))) for month in range(1, 11)]  # 10, cap 8
        visits = [date(2025, 11, 5), date(2025, 11, 20)]
        self.events += [service_recorded([m], b, at(day), ActivityKind.DOOR_TO_DOOR_VISIT) for day in visits]
        self.events += [dues_paid(m, b, f"2025-{month:02d}") for month in range(1, 11)]  # Nov, Dec unpaid
        own = [(VERY, DEPARTMENT)] * 2 + [(OK, WORKER)] * 2 + [(BASIC, MEMBER)]
        self.events += [rating(b, answer, group, at(date(2025, 10, 1)), member_id=m) for answer, group in own]


async def read_after(http: httpx.AsyncClient, path: str, event_ids: list[str], **params: Any) -> dict[str, Any]:
    """Read with `after` until the answer includes the events (each try waits up to the read bound)."""
    for _ in range(15):
        answer = await http.get(path, params={"after": event_ids, **params})
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        if body["includes_requested_events"]:
            return body
    raise AssertionError(f"scoring did not apply the events for {path}")


async def test_a_members_card_from_events_through_the_broker(stack: TestStack, scoring: ServiceClient) -> None:
    year = Branch2025()
    sent = await publish(stack.kafka_bootstrap, stack.topic_prefix, year.events)

    card = await read_after(scoring.http, f"/members/{year.busy}/score-card", [str(e.id) for e in sent], year=2025)

    assert (card["name"], card["year"], card["as_of"], card["rule_set_version"]) == ("甲", 2025, "2025-12-31", "2026.1")
    deductions = card["deductions"]
    assert deductions["attendance"] == 5  # the corrected group-meeting absence is reversed
    assert deductions["unpaid_dues"] == {"months": ["2025-11", "2025-12"], "points": 2}
    assert deductions["learning"] == {"hours": 20, "required": 32, "shortfall": 12, "points": 3}
    assert (deductions["total"], card["base_counted"]) == (10, 50)
    service = {c["category"]: (c["raw"], c["cap"], c["counted"]) for c in card["service"]["categories"]}
    assert service["service.mobile_service_post"] == (10, 8, 8)
    assert service["service.door_to_door_visit"] == (2, 6, 2)
    assert service["service.themed_practice"] == (3, 8, 3)
    assert (card["service"]["raw_total"], card["service"]["counted"]) == (15, 13)
    # own ratings (n = 5): 0.4 × 100 + 0.4 × 80 + 0.2 × 60 = 84
    assert card["satisfaction"] == {"index": 84, "source": "member", "sample": 5, "points": 8.4}
    assert card["honours"] == {"raw": 13, "cap": 10, "counted": 10}
    assert card["veto"] == {"vetoed": False, "reasons": []}
    assert (card["total"], card["band"], card["alert"]) == (81.4, "qualified", False)  # 50 + 13 + 8.4 + 10
    assert (card["rank"], card["rank_of"]) == (1, 3)  # among 甲, 丙, 戊: the activist 丁 is not ranked


async def test_the_branch_ranking_ranks_party_members_and_lists_activists_apart(
    stack: TestStack, scoring: ServiceClient
) -> None:
    year = Branch2025()
    sent = await publish(stack.kafka_bootstrap, stack.topic_prefix, year.events)

    ranking = await read_after(scoring.http, f"/branches/{year.branch}/ranking", [str(e.id) for e in sent], year=2025)

    # branch index over all 11 of its ratings: department (2×100 + 3×80)/5 = 88, worker (2×80)/5 = 32,
    # member 60 → 0.4 × 88 + 0.4 × 32 + 0.2 × 60 = 60 → 6 points for those with too few ratings of their own
    # Bands: ≥ 90 excellent candidate, 60–89 qualified, 50–59 basically qualified, < 50 or vetoed unqualified.
    people = {p["name"]: (p["total"], p["band"], p["alert"], p["rank"]) for p in ranking["people"]}
    assert people == {
        "甲": (81.4, "qualified", False, 1),
        "丙": (66, "qualified", False, 2),  # 60 + 6: attends everything, no service points
        "戊": (0, "unqualified_review", False, 3),  # removal from post: vetoed
    }
    assert [p["name"] for p in ranking["people"]] == ["甲", "丙", "戊"]
    # the activist is listed apart: a total and an alert (under 75), no rank, no band
    assert [(p["name"], p["total"], p["band"], p["alert"], p["rank"]) for p in ranking["pipeline"]] == [
        ("丁", 66, None, True, None)
    ]
    lapsed = (await scoring.http.get(f"/members/{year.lapsed}/score-card", params={"year": 2025})).json()
    assert (lapsed["total"], lapsed["veto"]["reasons"], lapsed["rank"], lapsed["rank_of"]) == (0, ["lapsed"], None, 3)


async def test_branch_totals_for_the_assessment_are_of_active_party_members(scoring: ServiceClient) -> None:
    year = Branch2025()
    await apply(scoring.runtime, year.events)

    async with live_engine(scoring.runtime).connect() as connection:
        period = Period.of(2025, date(2025, 12, 31), rule_book(scoring.runtime), TIMEZONE)
        totals = await member_totals_of_branch(connection, year.branch, period)

    assert totals == {year.busy: Decimal("81.40"), year.quiet: Decimal(66), year.sanctioned: Decimal(0)}


async def test_the_explanation_names_the_attendance_entries_dues_and_learning(scoring: ServiceClient) -> None:
    year = Branch2025()
    await apply(scoring.runtime, year.events)

    answer = await scoring.http.get(f"/members/{year.busy}/score-card/explain", params={"year": 2025})

    assert answer.status_code == 200, answer.text
    explained = answer.json()
    attendance = explained["attendance"]
    assert attendance["points"] == 5
    assert [(e["kind"], e["delta"]) for e in attendance["entries"]] == [
        ("entry", -3),
        ("entry", -2),
        ("entry", -2),
        ("reversal", 2),
    ]
    reversal, reversed_entry = attendance["entries"][3], attendance["entries"][2]
    assert reversal["reverses"] == reversed_entry["entry_id"]
    assert reversed_entry["rule"] == "member.deductions.unexcused_absence.group_meeting"
    assert reversed_entry["source_event_type"] == "bastion.activity.attendance.recorded.v1"
    assert attendance["rules"]["unexcused_absence"]["branch_assembly"] == 3
    assert explained["unpaid_dues"]["months_unpaid"] == ["2025-11", "2025-12"]
    assert len(explained["unpaid_dues"]["months_paid"]) == 10
    assert [r["hours"] for r in explained["learning"]["records"]] == [12, 8]
    assert explained["learning"]["rules"] == {"required_hours": 32, "per_hours": 4, "points": 1, "max": 8}


async def test_the_explanation_names_the_service_ratings_and_honours_counted(scoring: ServiceClient) -> None:
    year = Branch2025()
    await apply(scoring.runtime, year.events)

    explained = (await scoring.http.get(f"/members/{year.busy}/score-card/explain", params={"year": 2025})).json()

    shifts = next(c for c in explained["service"]["categories"] if c["category"] == "service.mobile_service_post")
    assert (len(shifts["entries"]), shifts["counted"]) == (10, 8)
    satisfaction = explained["satisfaction"]
    assert (satisfaction["member"]["sample"], satisfaction["member"]["index"]) == (5, 84)
    assert (satisfaction["branch"]["sample"], satisfaction["branch"]["index"]) == (11, 60)
    assert sorted(e["rule"] for e in explained["honours"]["entries"]) == [
        "member.honours.factory",
        "member.honours.national",
    ]
    assert explained["total"] == 81.4


async def test_the_ledger_is_paged_newest_first_and_sums_to_the_cards_ledger_parts(scoring: ServiceClient) -> None:
    year = Branch2025()
    await apply(scoring.runtime, year.events)

    pages = [
        (
            await scoring.http.get(f"/members/{year.busy}/ledger", params={"year": 2025, "page": n, "page_size": 5})
        ).json()
        for n in (1, 2, 3, 4, 5)
    ]

    rows = [row for page in pages for row in page["items"]]
    # 4 attendance rows (3 absences, 1 reversal), 10 shifts, 2 visits, 1 themed practice, 2 honours
    assert [page["total"] for page in pages] == [19] * 5
    assert [len(page["items"]) for page in pages] == [5, 5, 5, 4, 0]
    assert rows[0]["rule"] == "member.honours.national"
    assert [row["occurred_at"] for row in rows] == sorted((row["occurred_at"] for row in rows), reverse=True)
    assert sum(Decimal(str(row["delta"])) for row in rows) == -5 + 10 + 2 + 3 + 13


async def test_a_card_as_at_a_day_counts_only_what_happened_by_then(scoring: ServiceClient) -> None:
    branch, member = uuid.uuid4(), uuid.uuid4()
    await apply(
        scoring.runtime,
        [
            branch_created(branch),
            member_registered(member, branch, "庚"),
            attendance(member, branch, ActivityKind.BRANCH_ASSEMBLY, A.ABSENT, at(date(2026, 2, 10))),
            attendance(member, branch, ActivityKind.BRANCH_ASSEMBLY, A.ABSENT, at(date(2026, 7, 1))),
            dues_paid(member, branch, "2026-01"),
            learning(member, branch, "4", date(2026, 3, 1)),
            learning(member, branch, "40", date(2026, 6, 16)),
        ],
    )

    answer = await scoring.http.get(f"/members/{member}/score-card", params={"year": 2026, "as_of": "2026-06-15"})

    card = answer.json()
    # by 15 June: one absence −3; dues of Feb–May unpaid −4; 32 × 6 / 12 = 16 hours required, 4 learnt,
    # 12 short → −3; so 60 − 10 + fallback 8 = 58: 50–59, basically qualified, to review
    assert card["deductions"]["attendance"] == 3
    assert card["deductions"]["unpaid_dues"]["months"] == ["2026-02", "2026-03", "2026-04", "2026-05"]
    assert card["deductions"]["learning"] == {"hours": 4, "required": 16, "shortfall": 12, "points": 3}
    assert (card["total"], card["band"], card["rank"], card["rank_of"]) == (58, "basically_qualified_review", 1, 1)


async def test_unknown_members_and_branches_are_not_found(scoring: ServiceClient) -> None:
    nobody = uuid.uuid4()
    for path in (f"/members/{nobody}/score-card", f"/members/{nobody}/score-card/explain", f"/members/{nobody}/ledger"):
        answer = await scoring.http.get(path)
        assert (answer.status_code, answer.json()["error"]) == (404, "member_not_found"), path
    branch = await scoring.http.get(f"/branches/{nobody}/ranking")
    assert (branch.status_code, branch.json()["error"]) == (404, "branch_not_found")


async def test_a_future_year_or_a_day_outside_the_year_is_refused(scoring: ServiceClient) -> None:
    member, branch = uuid.uuid4(), uuid.uuid4()
    await apply(scoring.runtime, [branch_created(branch), member_registered(member, branch, "辛")])

    future = await scoring.http.get(f"/members/{member}/score-card", params={"year": local_today(TIMEZONE).year + 1})
    outside = await scoring.http.get(f"/members/{member}/score-card", params={"year": 2025, "as_of": "2024-12-31"})
    ranking = await scoring.http.get(f"/branches/{branch}/ranking", params={"year": local_today(TIMEZONE).year + 1})

    assert (future.status_code, future.json()["error"]) == (422, "period_in_future")
    assert "尚未开始" in future.json()["message"]
    assert (outside.status_code, outside.json()["error"]) == (422, "as_of_outside_year")
    assert ranking.status_code == 422
