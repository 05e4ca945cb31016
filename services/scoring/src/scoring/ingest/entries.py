"""Which points an event is worth, under the rule set of its year (pure: no I/O).

Every event that moves a member's score gives a *fact key* — what it is about — and its entries.
A newer event with the same key supersedes the older one: the older entries are reversed (see
``ledger``). Deductions for attendance, points for service, honours; what depends on a whole year
(unpaid dues, learning hours, satisfaction, veto) is computed when a score card is read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from bastion_contracts.vocabulary import ActivityKind, AttendanceState, MemberClass, SuggestionDecision
from scoring.rules import RuleBook
from scoring.rules.model import RuleSet


@dataclass(frozen=True, slots=True)
class Entry:
    member_id: uuid.UUID
    branch_id: uuid.UUID
    category: str
    rule: str
    delta: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class Scored:
    """What one event is worth: its fact key, when it counts, the rule set used, and the entries."""

    fact_key: str
    occurred_at: datetime
    year: int
    rule_set_version: str
    entries: tuple[Entry, ...]


def _d(value: float) -> Decimal:
    return Decimal(str(value))


def _local_year(moment: datetime, timezone: str) -> int:
    return moment.astimezone(ZoneInfo(timezone)).year


def _noon(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(12), ZoneInfo(timezone))


def score_event(payload: Any, event_id: uuid.UUID, rules: RuleBook, timezone: str) -> Scored | None:
    """The entries of one event, or None if it never moves a member's score."""
    located = _locate(payload, event_id, timezone)
    if located is None:
        return None
    key, moment = located
    year = _local_year(moment, timezone)
    rule_set = rules.for_year(year)
    entries = tuple(_entries(payload, rule_set))
    return Scored(key, moment, year, rule_set.version, entries)


def _locate(p: Any, event_id: uuid.UUID, timezone: str) -> tuple[str, datetime] | None:
    """The fact key and the moment that places the event in a year."""
    if isinstance(p, a.AttendanceRecorded):
        return f"attendance:{p.activity_id}:{p.member_id}", p.activity_start
    if isinstance(p, a.ServiceRecorded):
        return f"service:{p.record_id}", p.served_at
    if (
        isinstance(p, (a.ActivityHeld, a.ActivityApproved, a.ActivityReturned))
        and p.activity.kind is ActivityKind.PARTY_LESSON
    ):
        return f"lesson:{p.activity.activity_id}", p.activity.held_start or p.activity.planned_start
    if isinstance(p, (a.QcProjectClosed, a.QcProjectAwarded)) and p.project.closed_on is not None:
        return f"qc:{p.project.project_id}", _noon(p.project.closed_on, timezone)
    if isinstance(p, (fb.SuggestionDecided, fb.SuggestionReopened)) and p.suggestion.proposer_member_id:
        return f"suggestion:{p.suggestion.suggestion_id}", p.suggestion.decided_at or p.suggestion.submitted_at
    if isinstance(p, r.ActivistReviewed):
        return f"review:{event_id}", _noon(p.reviewed_on, timezone)
    if isinstance(p, r.HonourRecorded) and p.member_id is not None:
        return f"honour:{p.honour_id}", _noon(p.awarded_on, timezone)
    return None


def _entries(p: Any, rules: RuleSet) -> list[Entry]:
    if isinstance(p, a.AttendanceRecorded):
        return _attendance(p, rules)
    service = rules.member.service
    if isinstance(p, a.ServiceRecorded):
        kind = "mobile_service_post" if p.kind is ActivityKind.MOBILE_SERVICE_POST_SHIFT else "door_to_door_visit"
        points = getattr(service, kind).points
        return [
            Entry(m, p.branch_id, f"service.{kind}", f"member.service.{kind}", _d(points), p.kind.label_zh)
            for m in p.member_ids
        ]
    if isinstance(p, (a.ActivityHeld, a.ActivityApproved, a.ActivityReturned)):
        lecturer = p.activity.lecturer_id
        if lecturer is None:
            return []
        return [
            Entry(
                lecturer,
                p.activity.branch_id,
                "service.party_lesson_lecture",
                "member.service.party_lesson_lecture",
                _d(service.party_lesson_lecture.points),
                f"主讲党课「{p.activity.title}」",
            )
        ]
    if isinstance(p, (a.QcProjectClosed, a.QcProjectAwarded)):
        return _qc(p.project, service.qc_project.closed, service.qc_project.awarded)
    if isinstance(p, (fb.SuggestionDecided, fb.SuggestionReopened)):
        return _suggestion(p.suggestion, rules)
    if isinstance(p, r.ActivistReviewed):
        if p.outcome.value != "good":
            return []
        return [
            Entry(
                c,
                p.member.branch_id,
                "service.mentoring",
                "member.service.mentoring",
                _d(service.mentoring.points),
                f"培养的积极分子 {p.member.name} 考察为好",
            )
            for c in p.contact_ids
        ]
    if isinstance(p, r.HonourRecorded) and p.member_id is not None:
        points = getattr(rules.member.honours, p.level.value)
        return [Entry(p.member_id, p.branch_id, "honours", f"member.honours.{p.level.value}", _d(points), p.title)]
    return []


def _attendance(p: a.AttendanceRecorded, rules: RuleSet) -> list[Entry]:
    member, branch, kind = p.member_id, p.branch_id, p.kind
    attended = p.state in (AttendanceState.PRESENT, AttendanceState.LATE)
    deductions = rules.member.deductions
    special = p.member_class is MemberClass.SPECIAL
    entries: list[Entry] = []
    if p.state is AttendanceState.ABSENT and p.expected and not special:
        points = getattr(deductions.unexcused_absence, kind.value, None)
        if points:
            entries.append(
                Entry(
                    member,
                    branch,
                    "deduction.attendance",
                    f"member.deductions.unexcused_absence.{kind.value}",
                    -_d(points),
                    f"无故缺席{kind.label_zh}",
                )
            )
    if p.state is AttendanceState.LATE and deductions.late.enabled and not special:
        entries.append(
            Entry(
                member,
                branch,
                "deduction.attendance",
                "member.deductions.late",
                -_d(deductions.late.points),
                f"{kind.label_zh}迟到",
            )
        )
    service = rules.member.service
    if attended and kind is ActivityKind.THEMED_PRACTICE:
        lead = p.role == "lead"
        points = service.themed_practice.lead if lead else service.themed_practice.participant
        rule = "member.service.themed_practice." + ("lead" if lead else "participant")
        entries.append(Entry(member, branch, "service.themed_practice", rule, _d(points), "主题实践活动"))
    for counted in ("poverty_relief", "volunteer_service"):
        if attended and kind.value == counted:
            entries.append(
                Entry(
                    member,
                    branch,
                    f"service.{counted}",
                    f"member.service.{counted}",
                    _d(getattr(service, counted).points),
                    kind.label_zh,
                )
            )
    return entries


def _qc(project: a.QcProjectSnapshot, closed: float, awarded: float) -> list[Entry]:
    if project.closed_on is None:
        return []
    members = dict.fromkeys([project.leader_id, *project.member_ids])
    entries = [
        Entry(
            m,
            project.branch_id,
            "service.qc_project",
            "member.service.qc_project.closed",
            _d(closed),
            f"QC课题「{project.title}」结题",
        )
        for m in members
    ]
    if project.award:
        entries += [
            Entry(
                m,
                project.branch_id,
                "service.qc_project",
                "member.service.qc_project.awarded",
                _d(awarded),
                f"QC课题获奖：{project.award}",
            )
            for m in members
        ]
    return entries


def _suggestion(s: fb.SuggestionSnapshot, rules: RuleSet) -> list[Entry]:
    proposer = s.proposer_member_id
    if proposer is None or s.decision not in (SuggestionDecision.ADOPTED, SuggestionDecision.PARTIALLY_ADOPTED):
        return []
    points = getattr(rules.member.service.suggestion, s.decision.value)
    return [
        Entry(
            proposer,
            s.branch_id,
            "service.suggestion",
            f"member.service.suggestion.{s.decision.value}",
            _d(points),
            f"所提建议被{s.decision.label_zh}",
        )
    ]
