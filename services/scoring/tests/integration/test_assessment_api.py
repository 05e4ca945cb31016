"""Branch assessments read through the API, from events fed through the broker or scoring's real handler.

The branch's first quarter of 2025 (``?quarter=1``: as of 31 March, 3 months and 1 quarter begun) is worked
out by hand from domain.md §3 (default rule set); only the average member total comes from the score cards.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

import tests.support.scoring as t
from bastion.clock import local_today
from bastion.events import EventData
from bastion.testing import ServiceClient, TestStack, running_service
from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from bastion_contracts.vocabulary import ActivityKind as K
from bastion_contracts.vocabulary import AttendanceState, DisciplineLevel, FeedbackChannel, Stage
from bastion_contracts.vocabulary import OrgUnitKind as U
from bastion_contracts.vocabulary import RespondentGroup as G
from bastion_contracts.vocabulary import SatisfactionAnswer as S
from scoring.main import SERVICE
from scoring.period import Period
from scoring.reads import live_engine, rule_book
from scoring.scorecards.service import member_totals_of_branch

EXPECTED_Q1 = {  # (value, target, points, score)
    "committee_in_place": (3, 3, 4, 4),  # 8 full members: secretary and two more seated
    "committee_meetings": (2, 3, 4, 2.67),  # March's was cancelled
    "secretary_lectured": (1, 1, 2, 2),
    "activists_and_candidates": (1, 2, 4, 2),  # against max(2, 5% of 9)
    "young_reserve": (1, 3, 3, 1),
    "no_overdue_step": (1, 0, 3, 0),  # the applicant's talk was due on 10 February
    "service_post_months": (1, 3, 3, 1),
    "public_channel_months": (1, 3, 2, 0.67),
    "themed_practice_subtypes": (1, 5, 10, 2),
    "qc_projects_closed": (0, 2, 4, 0),
    "poverty_relief": (1, 4, 3, 0.75),
    "departments_visited": (1, 2, 3, 1.5),  # one of two departments in the first quarter
    "branch_assemblies": (1, 1, 4, 4),
    "group_meetings": (3, 3, 4, 4),
    "party_lessons": (1, 1, 4, 4),
    "theme_days": (3, 3, 4, 4),
    "org_life_meeting": (0, 1, 2, 0),
    "member_appraisal": (0, 1, 2, 0),
    "heart_to_heart": (3, 9, 2, 0.67),
    "approved_in_time": (8, 10, 3, 2.4),  # February's committee meeting never approved, March's theme day late
    "satisfaction_index": (68, 90, 15, 4),  # 0.4 × 100 + 0.4 × 70 + 0.2 × 0; April's rating is outside
    "suggestions_in_time": (1, 2, 6, 3),  # one decided in time, one overdue
    "five_services_tags": (3, 5, 4, 2.4),
}
# 8.67 + (3 + the average's) + 1.67 + 4.25 + 19.07 + 9.4, + 5 for a factory honour, − 5 for a warning
TOTAL_BUT_AVERAGE = 46.06
DEPARTMENT, WORKER, MEMBER = G.DEPARTMENT, G.WORKER, G.MEMBER


@pytest.fixture
async def scoring(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client


def on(month: int, day: int) -> datetime:
    """A time on a day of 2025 in the organisation's zone."""
    return t.at(date(2025, month, day))


def unit(unit_id: uuid.UUID, kind: U, name: str, *above: uuid.UUID) -> EventData:
    values = {"org_unit_id": unit_id, "kind": kind, "name": name, "ancestor_ids": above}
    return r.OrgUnitCreated(org_unit=r.OrgUnitSnapshot(**values, parent_id=above[-1] if above else None))


def snapshot(kind: K, organiser: uuid.UUID, when: datetime, approved_after: int | None, **kw: Any) -> Any:
    approved = when + timedelta(days=approved_after) if approved_after is not None else None
    values = {"organiser_kind": U.BRANCH, "branch_id": organiser, "activity_id": uuid.uuid4(), "place": "活动室"}
    values |= {"state": "approved" if approved else "held", "title": kind.label_zh, "held_start": when, **kw}
    return a.ActivitySnapshot(kind=kind, organiser_id=organiser, planned_start=when, approved_at=approved, **values)


def held(kind: K, organiser: uuid.UUID, when: datetime, approved_after: int | None = 2, **kw: Any) -> EventData:
    """An activity held at ``when``, approved ``approved_after`` days later (None: not approved)."""
    activity = snapshot(kind, organiser, when, approved_after, **kw)
    return a.ActivityApproved(activity=activity) if activity.approved_at else a.ActivityHeld(activity=activity)


def suggestion(branch: uuid.UUID, submitted: date, due: date, decided: date | None) -> EventData:
    values = {"suggestion_id": uuid.uuid4(), "branch_id": branch, "category": "service", "respondent_group": "worker"}
    values |= {"anonymous": True, "channel": "staff", "submitted_at": t.at(submitted), "acknowledge_due": submitted}
    values |= {"decide_due": due, "decided_at": t.at(decided) if decided else None, "state": "submitted"}
    if decided is None:
        return fb.SuggestionSubmitted(suggestion=fb.SuggestionSnapshot.model_validate(values))
    snap = fb.SuggestionSnapshot.model_validate(values | {"state": "decided", "decision": "adopted"})
    return fb.SuggestionDecided(suggestion=snap, reason="可行", within_deadline=decided <= due)


@dataclass
class FirstQuarter:
    """四支部 under 党委 in Q1 2025: 8 full members (a group), a probationary member, an activist, an applicant."""

    committee: uuid.UUID = field(default_factory=uuid.uuid4)
    branch: uuid.UUID = field(default_factory=uuid.uuid4)
    other: uuid.UUID = field(default_factory=uuid.uuid4)
    group: uuid.UUID = field(default_factory=uuid.uuid4)
    members: list[uuid.UUID] = field(default_factory=lambda: [uuid.uuid4() for _ in range(8)])
    departments: list[uuid.UUID] = field(default_factory=lambda: [uuid.uuid4(), uuid.uuid4()])
    events: list[EventData] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.org()
        self.roster()
        self.meetings()
        self.service()
        self.feedback()

    def org(self) -> None:
        b, c = self.branch, self.committee
        self.events += [unit(c, U.PARTY_COMMITTEE, "党委"), t.branch_created(b, "四支部", c)]
        self.events += [t.branch_created(self.other, "一支部", c), t.branch_created(uuid.uuid4(), "别处支部")]
        self.events += [unit(self.group, U.PARTY_GROUP, "第一党小组", c, b)]
        seats = [
            {"role": role, "member_id": self.members[n], "member_name": "委员", "assigned_on": date(2024, 1, 1)}
            for n, role in enumerate(("secretary", "org_officer", "publicity_officer"))
        ]
        term = {"branch_id": b, "term_id": uuid.uuid4(), "term_starts_on": date(2024, 1, 1), "seats": seats}
        self.events.append(
            r.CommitteeTermStarted.model_validate(term | {"term_ends_on": date(2026, 12, 31), "previous_term_id": None})
        )
        self.events += [r.ServedDepartmentAdded(department_id=d, branch_id=b, name="科室") for d in self.departments]

    def roster(self) -> None:
        b, m = self.branch, self.members
        self.events += [t.member_registered(member, b, f"党员{n}", group_id=self.group) for n, member in enumerate(m)]
        pipeline: list[tuple[str, dict[str, Any]]] = [
            ("预备", {"stage": Stage.PROBATIONARY, "probation_ends_on": date(2025, 6, 1)}),
            ("积极", {"stage": Stage.ACTIVIST, "probationary_on": None, "activist_on": date(2024, 12, 1)}),
            ("申请", {"stage": Stage.APPLICANT, "probationary_on": None, "applied_on": date(2025, 1, 10)}),
        ]
        self.events += [t.member_registered(uuid.uuid4(), b, name, **changes) for name, changes in pipeline]
        talent = {"talent_id": uuid.uuid4(), "branch_id": b, "name": "青年", "gender": "female", "department": "质检科"}
        talent |= {"birth_date": date(1995, 3, 3), "education": "bachelor", "mentor_id": m[0], "member_id": None}
        self.events.append(r.ReserveTalentAdded.model_validate(talent | {"added_on": date(2025, 1, 2)}))

    def meetings(self) -> None:
        b, g, day = self.branch, self.group, on
        self.committee_meetings = [
            held(K.COMMITTEE_MEETING, b, day(1, 8)),
            held(K.COMMITTEE_MEETING, b, day(2, 12), None),
        ]
        march = snapshot(K.COMMITTEE_MEETING, b, day(3, 12), None, state="cancelled", held_start=None)
        self.events += [*self.committee_meetings, a.ActivityCancelled(activity=march, reason="改期")]
        self.events += [held(K.PARTY_LESSON, b, day(3, 5), lecturer_id=self.members[0])]
        self.events += [held(K.BRANCH_ASSEMBLY, b, day(1, 20))]
        tags = {1: ["serve_masses", "serve_members"], 2: ["serve_reform"], 3: []}
        self.events += [held(K.THEME_DAY, b, day(n, 15), 10 if n == 3 else 2, five_services=tags[n]) for n in tags]
        self.events += [
            held(K.GROUP_MEETING, g, day(n, 6), organiser_kind=U.PARTY_GROUP, branch_id=b) for n in (1, 2, 3)
        ]
        talk = uuid.uuid4()
        self.events += [held(K.HEART_TO_HEART_TALK, b, day(3, 20), activity_id=talk)]
        present = AttendanceState.PRESENT
        self.events += [
            t.attendance(m, b, K.HEART_TO_HEART_TALK, present, day(3, 20), activity_id=talk) for m in self.members[3:6]
        ]

    def service(self) -> None:
        b = self.branch
        self.events += [held(K.THEMED_PRACTICE, b, t.at(date(2025, 2, 20)), subtype="lean_management")]
        self.events += [held(K.POVERTY_RELIEF, b, t.at(date(2025, 3, 10)))]
        self.events += [held(K.MOBILE_SERVICE_POST_SHIFT, b, t.at(date(2025, 1, 25)))]
        visit = t.service_recorded([self.members[3]], b, t.at(date(2025, 2, 3)), K.DOOR_TO_DOOR_VISIT)
        self.visit = visit.model_copy(update={"department_ids": [self.departments[0]]})
        honour = {"honour_id": uuid.uuid4(), "subject_kind": "branch", "member_id": None, "branch_id": b}
        honour |= {"level": "factory", "title": "先进党支部", "awarded_on": date(2025, 2, 1)}
        self.events += [self.visit, r.HonourRecorded.model_validate(honour)]
        self.events.append(t.discipline(self.members[7], b, DisciplineLevel.WARNING, date(2025, 3, 1)))

    def feedback(self) -> None:
        b, rated = self.branch, t.rating
        public = [rated(b, S.VERY_SATISFIED, DEPARTMENT, on(1, 9)) for _ in range(2)]
        self.events += [p.model_copy(update={"channel": FeedbackChannel.PUBLIC}) for p in public]
        self.events += [rated(b, answer, WORKER, on(2, 9)) for answer in (S.SATISFIED, S.BASICALLY_SATISFIED)]
        self.events += [rated(b, S.DISSATISFIED, MEMBER, on(3, 9), member_id=self.members[1])]
        self.events += [rated(b, S.DISSATISFIED, DEPARTMENT, on(4, 9))]  # after Q1
        self.events += [suggestion(b, date(2025, 1, 10), date(2025, 1, 31), date(2025, 1, 20))]
        self.events += [suggestion(b, date(2025, 2, 1), date(2025, 2, 22), None)]


def indicators(body: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    found = [i for d in body["dimensions"] for i in d["indicators"]]
    return {i["code"]: (i["value"], i["target"], i["points"], i["score"]) for i in found}


async def average_score(client: ServiceClient, branch: uuid.UUID, as_of: date) -> tuple[float, float]:
    """The average member total from the score cards, and the 5 × clamp((avg − 60) / 25, 0, 1) it earns."""
    async with live_engine(client.runtime).connect() as connection:
        rules = rule_book(client.runtime)
        totals = await member_totals_of_branch(connection, branch, Period.of(2025, as_of, rules, t.TIMEZONE))
    average = float(sum(totals.values()) / len(totals))
    return round(average, 2), round(5 * max(0.0, min(1.0, (average - 60) / 25)), 2)


async def read_after(http: httpx.AsyncClient, path: str, event_ids: list[str], **params: Any) -> dict[str, Any]:
    for _ in range(15):
        answer = await http.get(path, params={"after": event_ids, **params})
        assert answer.status_code == 200, answer.text
        if (body := answer.json())["includes_requested_events"]:
            return dict(body)
    raise AssertionError(f"scoring did not apply the events for {path}")


async def test_a_first_quarter_from_events_through_the_broker(stack: TestStack, scoring: ServiceClient) -> None:
    q1 = FirstQuarter()
    sent = await t.publish(stack.kafka_bootstrap, stack.topic_prefix, q1.events)
    path = f"/branches/{q1.branch}/assessment"
    body = await read_after(scoring.http, path, [str(e.id) for e in sent], year=2025, quarter=1)
    average, earned = await average_score(scoring, q1.branch, date(2025, 3, 31))

    assert (body["name"], body["as_of"], body["rule_set_version"]) == ("四支部", "2025-03-31", "2026.1")
    assert indicators(body) == EXPECTED_Q1 | {"average_member_total": (average, 85, 5, earned)}
    assert body["compliance"]["committee_meeting"] == {"required": 3, "held": 2}
    assert body["compliance"]["group_meeting"] == {"required": 3, "held": 3}
    si = body["satisfaction"]
    assert (si["index"], si["count"], si["sufficient"]) == (68, 5, False)
    assert [(g["group"], g["count"], g["mean"]) for g in si["by_group"]] == [
        ("department", 2, 100),
        ("worker", 2, 70),
        ("member", 1, 0),
    ]
    assert body["suggestions"] == {"decided_or_overdue": 2, "in_time": 1, "adopted": 1}
    structure = body["structure"]
    assert (structure["party_members"], structure["full"], structure["probationary"]) == (9, 8, 1)
    assert body["five_services"] == {"tags": ["serve_masses", "serve_members", "serve_reform"], "distinct": 3}
    assert (body["bonus"], body["deductions"], body["stars"], body["cap_applied"]) == (5, 5, 1, None)
    assert body["total"] == round(TOTAL_BUT_AVERAGE + earned, 2)


async def test_the_explanation_names_what_was_counted(scoring: ServiceClient) -> None:
    q1 = FirstQuarter()
    await t.apply(scoring.runtime, q1.events)

    answer = await scoring.http.get(f"/branches/{q1.branch}/assessment/explain", params={"year": 2025, "quarter": 1})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    explained = {i["code"]: i for i in body["indicators"]}
    meetings = explained["committee_meetings"]["facts"]["activities"]
    ids = [str(e.activity.activity_id) for e in q1.committee_meetings]  # type: ignore[attr-defined]
    assert [(m["activity_id"], m["held_on"]) for m in meetings] == list(
        zip(ids, ["2025-01-08", "2025-02-12"], strict=True)
    )
    pairs = {
        (p["department_id"], p["quarter"]): p["record_ids"] for p in explained["departments_visited"]["facts"]["pairs"]
    }
    assert pairs == {(str(q1.departments[0]), 1): [str(q1.visit.record_id)], (str(q1.departments[1]), 1): []}  # type: ignore[attr-defined]
    satisfaction = explained["satisfaction_index"]
    assert satisfaction["facts"]["by_group"]["worker"]["answers"] == {"basically_satisfied": 1, "satisfied": 1}
    assert satisfaction["rule"]["weights"] == {"department": 0.4, "worker": 0.4, "member": 0.2}
    assert [o["step"] for o in explained["no_overdue_step"]["facts"]["overdue"]] == ["application_talk"]
    assert explained["committee_in_place"]["dimension"] == "leadership_team"
    assert len(body["bonus"]["facts"]["honours"]) == 1
    assert body["bonus"]["lines"] == ["2月1日 厂级表彰 +5"]
    assert body["deductions"]["facts"]["cases"][0]["member_id"] == str(q1.members[7])
    assert body["star_thresholds"]["stars"] == {"five": 90, "four": 80, "three": 70, "two": 60}


async def test_an_org_unit_lists_its_branches_by_total(scoring: ServiceClient) -> None:
    q1 = FirstQuarter()
    await t.apply(scoring.runtime, q1.events)

    listing = await scoring.http.get(f"/org-units/{q1.committee}/assessments", params={"year": 2025})
    own = await scoring.http.get(f"/branches/{q1.branch}/assessment", params={"year": 2025})

    assert listing.status_code == 200, listing.text
    body = listing.json()
    assert (body["as_of"], [b["name"] for b in body["branches"]]) == ("2025-12-31", ["四支部", "一支部"])
    assert body["branches"][0]["total"] == own.json()["total"]
    assert body["branches"][1]["total"] == 13  # nothing required: no overdue step, no group, no suggestion due
    below = await scoring.http.get(f"/org-units/{q1.branch}/assessments", params={"year": 2025})
    assert [b["branch_id"] for b in below.json()["branches"]] == [str(q1.branch)]


async def test_unknown_branches_and_periods_not_begun_are_refused(scoring: ServiceClient) -> None:
    q1 = FirstQuarter()
    await t.apply(scoring.runtime, q1.events)
    next_year = local_today(t.TIMEZONE).year + 1

    for path in (f"/branches/{uuid.uuid4()}/assessment", f"/branches/{q1.group}/assessment/explain"):
        answer = await scoring.http.get(path, params={"year": 2025})
        assert (answer.status_code, answer.json()["error"]) == (404, "branch_not_found")
    unknown = await scoring.http.get(f"/org-units/{uuid.uuid4()}/assessments")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "org_unit_not_found")
    future = await scoring.http.get(f"/branches/{q1.branch}/assessment", params={"year": next_year})
    assert (future.status_code, future.json()["error"]) == (422, "period_in_future")
