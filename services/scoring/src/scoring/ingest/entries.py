"""Which points an event is worth, under the rule set of its year (pure: no I/O).

Every event that moves a member's score gives a *fact key* — what it is about — and its entries.
A newer event with the same key supersedes the older one: the older entries are reversed (see
``ledger``). Deductions for attendance, points for service, honours; what depends on a whole year
(unpaid dues, learning hours, satisfaction, veto) is computed when a score card is read.

Each domain event type has its scorer in ``SCORERS`` or is named in ``IGNORED`` (a unit test holds every
type to exactly one of the two), so a new event type is never left out without someone deciding it.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from bastion.events.model import EventData
from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from bastion_contracts.vocabulary import ActivityKind, AttendanceState, MemberClass, SuggestionDecision
from scoring.ingest.scorers import Entry, EventContext, EventScorers, Scored
from scoring.rules import RuleBook
from scoring.rules.model import RuleSet


def score_event(payload: EventData, event_id: uuid.UUID, rules: RuleBook, timezone: str) -> Scored | None:
    """The entries of one event, or None if it never moves a member's score."""
    return SCORERS.score(payload, EventContext(event_id, rules, timezone))


def _d(value: float) -> Decimal:
    return Decimal(str(value))


def _attendance_scored(p: a.AttendanceRecorded, at: EventContext) -> Scored:
    return at.scored(f"attendance:{p.activity_id}:{p.member_id}", p.activity_start, lambda rules: _attendance(p, rules))


def _service_scored(p: a.ServiceRecorded, at: EventContext) -> Scored:
    return at.scored(f"service:{p.record_id}", p.served_at, lambda rules: _service(p, rules))


def _lesson_scored(p: a.ActivityHeld | a.ActivityApproved | a.ActivityReturned, at: EventContext) -> Scored | None:
    """Only a Party lesson (党课) is worth points here, to its lecturer; attending is scored by attendance events."""
    activity = p.activity
    if activity.kind is not ActivityKind.PARTY_LESSON:
        return None
    moment = activity.held_start or activity.planned_start
    return at.scored(f"lesson:{activity.activity_id}", moment, lambda rules: _lecture(activity, rules))


def _qc_scored(p: a.QcProjectClosed | a.QcProjectAwarded, at: EventContext) -> Scored | None:
    project = p.project
    if project.closed_on is None:
        return None
    return at.scored(f"qc:{project.project_id}", at.noon(project.closed_on), lambda rules: _qc(project, rules))


def _suggestion_scored(p: fb.SuggestionDecided | fb.SuggestionReopened, at: EventContext) -> Scored | None:
    s = p.suggestion
    if not s.proposer_member_id:
        return None
    moment = s.decided_at or s.submitted_at
    return at.scored(f"suggestion:{s.suggestion_id}", moment, lambda rules: _suggestion(s, rules))


def _review_scored(p: r.ActivistReviewed, at: EventContext) -> Scored:
    return at.scored(f"review:{at.event_id}", at.noon(p.reviewed_on), lambda rules: _mentoring(p, rules))


def _honour_scored(p: r.HonourRecorded, at: EventContext) -> Scored | None:
    """An honour of a member; a branch's honour counts in its assessment's bonus, read from the facts."""
    if p.member_id is None:
        return None
    member = p.member_id
    return at.scored(f"honour:{p.honour_id}", at.noon(p.awarded_on), lambda rules: _honour(p, member, rules))


def _service(p: a.ServiceRecorded, rules: RuleSet) -> list[Entry]:
    kind = "mobile_service_post" if p.kind is ActivityKind.MOBILE_SERVICE_POST_SHIFT else "door_to_door_visit"
    points = getattr(rules.member.service, kind).points
    return [
        Entry(m, p.branch_id, f"service.{kind}", f"member.service.{kind}", _d(points), p.kind.label_zh)
        for m in p.member_ids
    ]


def _lecture(activity: a.ActivitySnapshot, rules: RuleSet) -> list[Entry]:
    lecturer = activity.lecturer_id
    if lecturer is None:
        return []
    return [
        Entry(
            lecturer,
            activity.branch_id,
            "service.party_lesson_lecture",
            "member.service.party_lesson_lecture",
            _d(rules.member.service.party_lesson_lecture.points),
            f"主讲党课「{activity.title}」",
        )
    ]


def _mentoring(p: r.ActivistReviewed, rules: RuleSet) -> list[Entry]:
    if p.outcome.value != "good":
        return []
    return [
        Entry(
            c,
            p.member.branch_id,
            "service.mentoring",
            "member.service.mentoring",
            _d(rules.member.service.mentoring.points),
            f"培养的积极分子 {p.member.name} 考察为好",
        )
        for c in p.contact_ids
    ]


def _honour(p: r.HonourRecorded, member: uuid.UUID, rules: RuleSet) -> list[Entry]:
    points = getattr(rules.member.honours, p.level.value)
    return [Entry(member, p.branch_id, "honours", f"member.honours.{p.level.value}", _d(points), p.title)]


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


def _qc(project: a.QcProjectSnapshot, rules: RuleSet) -> list[Entry]:
    if project.closed_on is None:
        return []
    closed, awarded = rules.member.service.qc_project.closed, rules.member.service.qc_project.awarded
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


SCORERS = EventScorers()
SCORERS.register(a.AttendanceRecorded, _attendance_scored)
SCORERS.register(a.ServiceRecorded, _service_scored)
SCORERS.register(a.ActivityHeld, _lesson_scored)
SCORERS.register(a.ActivityApproved, _lesson_scored)
SCORERS.register(a.ActivityReturned, _lesson_scored)
SCORERS.register(a.QcProjectClosed, _qc_scored)
SCORERS.register(a.QcProjectAwarded, _qc_scored)
SCORERS.register(fb.SuggestionDecided, _suggestion_scored)
SCORERS.register(fb.SuggestionReopened, _suggestion_scored)
SCORERS.register(r.ActivistReviewed, _review_scored)
SCORERS.register(r.HonourRecorded, _honour_scored)

# Domain events that put nothing in the ledger. What of them counts is kept as facts and read when a card
# or an assessment is computed (dues, learning hours, ratings, discipline, the roll, the branch's bonus),
# or it does not count at all (a plan, a pipeline step, a suggestion's progress).
IGNORED: frozenset[type[EventData]] = frozenset(
    {
        *(r.OrgUnitCreated, r.OrgUnitRenamed, r.OrgUnitMoved, r.OrgUnitDissolved),
        *(r.CommitteeTermStarted, r.CommitteeSeatAssigned, r.CommitteeSeatVacated),
        *(r.ServedDepartmentAdded, r.ServedDepartmentRemoved, r.ServicePostAssigned, r.ServicePostClosed),
        *(r.MemberRegistered, r.MemberUpdated, r.MemberTransferred, r.MemberStatusChanged, r.MemberStageChanged),
        *(r.MemberGroupChanged, r.MemberSponsorsAssigned, r.MemberCultivationContactsAssigned),
        *(r.ApplicationTalkHeld, r.ProbationExtended, r.ReserveTalentAdded, r.ReserveTalentRemoved),
        *(r.DuesPaid, r.BranchRecognitionRecorded, r.DisciplineRecorded),
        *(a.ActivityScheduled, a.ActivityRescheduled, a.ActivityCancelled, a.AppraisalRecorded),
        *(a.LearningHoursRecorded, a.QcProjectRegistered),
        *(fb.RatingSubmitted, fb.SuggestionSubmitted, fb.SuggestionAcknowledged, fb.SuggestionProgressNoted),
        *(fb.SuggestionResponded, fb.SuggestionClosed, fb.SuggestionAnswerRated),
    }
)
