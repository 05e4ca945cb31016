"""The event mix a year of an organisation produces, as the messages the producing services publish.

Per branch of about 100 people a year holds roughly: 12 committee meetings, 4 assemblies, 4 party lessons,
12 theme days and a monthly meeting of each party group (三会一课 and 主题党日), every one with its
attendance; service shifts and visits; learning hours; ratings from those served; a few suggestions
through their whole loop; and some roster changes. Attendance dominates (about two thirds), then
ratings, service work, activities, roster changes and suggestions. ``Workload.stream`` draws from that
mix; the report states the mix it actually produced.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bastion.events.envelope import CloudEvent
from bastion.events.model import EventData
from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from bastion_contracts.roster.snapshots import OrgUnitSnapshot
from bastion_contracts.vocabulary import (
    ActivityKind,
    ActivityState,
    AttendanceState,
    FeedbackChannel,
    OrgUnitKind,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
)
from bench.organisation import Branch, Organisation

ANSWER_SCORES = {
    SatisfactionAnswer.VERY_SATISFIED: 100,
    SatisfactionAnswer.SATISFIED: 80,
    SatisfactionAnswer.BASICALLY_SATISFIED: 60,
    SatisfactionAnswer.NOT_VERY_SATISFIED: 30,
    SatisfactionAnswer.DISSATISFIED: 0,
}
# Meetings per branch-year: (kind, how many, who is expected: the branch or one party group).
MEETINGS = [
    (ActivityKind.COMMITTEE_MEETING, 12, "committee"),
    (ActivityKind.BRANCH_ASSEMBLY, 4, "branch"),
    (ActivityKind.PARTY_LESSON, 4, "branch"),
    (ActivityKind.THEME_DAY, 12, "branch"),
    (ActivityKind.GROUP_MEETING, 12 * 8, "group"),
]
# Other work per branch-year, drawn between meetings in proportion.
OTHER_WORK = {"service": 60, "learning": 300, "rating": 420, "roster": 40, "suggestion": 12}


@dataclass(frozen=True, slots=True)
class Message:
    """One event as published: its topic (without the deployment prefix), key and CloudEvent bytes."""

    topic: str
    key: bytes
    value: bytes
    event_id: uuid.UUID
    event_type: str


class Workload:
    """Events of ``organisation`` with times spread from ``start`` over ``span``; reproducible from ``seed``."""

    def __init__(self, organisation: Organisation, *, seed: int = 7, start: datetime | None = None) -> None:
        self.org = organisation
        self._rng = random.Random(seed)
        self._clock = start or datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
        self._sequences: Counter[tuple[str, str]] = Counter()  # per (topic, key), as the outbox numbers them
        self._groups: dict[uuid.UUID, list[uuid.UUID]] = {}
        for member in organisation.members.values():
            if member.group_id is not None:
                self._groups.setdefault(member.group_id, []).append(member.member_id)
        self.mix: Counter[str] = Counter()

    def setup(self) -> Iterator[Message]:
        """The organisation itself: org units, then everyone registered."""
        org = self.org
        yield self._unit(org.committee_id, OrgUnitKind.PARTY_COMMITTEE, "党委", None, [])
        for general_id, name in org.general_branches:
            yield self._unit(general_id, OrgUnitKind.GENERAL_BRANCH, name, org.committee_id, [org.committee_id])
        for branch in org.branches:
            ancestors = [org.committee_id, branch.general_branch_id]
            yield self._unit(branch.branch_id, OrgUnitKind.BRANCH, branch.name, branch.general_branch_id, ancestors)
            for number, group_id in enumerate(branch.group_ids, 1):
                yield self._unit(group_id, OrgUnitKind.PARTY_GROUP, f"{branch.name}第{number}党小组", branch.branch_id,
                                 [*ancestors, branch.branch_id])  # fmt: skip
        for member in org.members.values():
            yield self._message(r.MemberRegistered(member=member))

    def stream(self, count: int, *, span: timedelta = timedelta(days=320)) -> Iterator[Message]:
        """``count`` events of the yearly mix, their times spread evenly over ``span``."""
        step = span / max(count, 1)
        kinds = [*(kind for kind, _, _ in MEETINGS), *OTHER_WORK]
        weights = [*(n for _, n, _ in MEETINGS), *OTHER_WORK.values()]  # per branch-year
        produced = 0
        while produced < count:
            choice = self._rng.choices(kinds, weights)[0]
            branch = self._rng.choice(self.org.branches)
            for message in self._work(choice, branch):
                yield message
                produced += 1
                self._clock += step
                if produced >= count:
                    return

    def _work(self, choice: ActivityKind | str, branch: Branch) -> Iterator[Message]:
        if isinstance(choice, ActivityKind):
            return self._meeting(choice, branch)
        return {
            "service": self._service,
            "learning": self._learning,
            "rating": self._rating,
            "roster": self._roster_change,
            "suggestion": self._suggestion,
        }[choice](branch)

    def _meeting(self, kind: ActivityKind, branch: Branch) -> Iterator[Message]:
        rng = self._rng
        who = next(w for k, _, w in MEETINGS if k is kind)
        group = rng.choice(branch.group_ids)
        organiser_id, organiser_kind = (
            (group, OrgUnitKind.PARTY_GROUP) if who == "group" else (branch.branch_id, OrgUnitKind.BRANCH)
        )
        expected = {
            "branch": list(branch.member_ids),
            "committee": list(branch.member_ids[:5]),
            "group": self._groups.get(group, []),
        }[who]
        snapshot = a.ActivitySnapshot(
            activity_id=self._id(),
            kind=kind,
            organiser_id=organiser_id,
            organiser_kind=organiser_kind,
            branch_id=branch.branch_id,
            title=f"{branch.name}{self._clock:%m}月{kind.value}",
            planned_start=self._clock,
            place="党员活动室",
            host_id=expected[0] if expected else None,
            state=ActivityState.PLANNED,
        )
        yield self._message(a.ActivityScheduled(activity=snapshot))
        held = snapshot.model_copy(
            update={"state": ActivityState.HELD, "held_start": self._clock, "minutes": "会议记录"}
        )
        yield self._message(a.ActivityHeld(activity=held))
        for member_id in expected:
            yield self._attendance(held, member_id)
        approved = held.model_copy(update={"state": ActivityState.APPROVED, "approved_at": self._clock})
        yield self._message(a.ActivityApproved(activity=approved))

    def _attendance(self, activity: a.ActivitySnapshot, member_id: uuid.UUID) -> Message:
        state = self._rng.choices(
            [AttendanceState.PRESENT, AttendanceState.LATE, AttendanceState.EXCUSED, AttendanceState.ABSENT],
            weights=[85, 3, 8, 4],
        )[0]
        return self._message(
            a.AttendanceRecorded(
                attendance_id=self._id(),
                activity_id=activity.activity_id,
                kind=activity.kind,
                organiser_id=activity.organiser_id,
                organiser_kind=activity.organiser_kind,
                branch_id=activity.branch_id,
                activity_start=activity.held_start or activity.planned_start,
                member_id=member_id,
                expected=True,
                state=state,
                reason="出差" if state is AttendanceState.EXCUSED else None,
                source="recorder",
                role="host" if member_id == activity.host_id else "participant",
            )
        )

    def _service(self, branch: Branch) -> Iterator[Message]:
        yield self._message(
            a.ServiceRecorded(
                record_id=self._id(),
                activity_id=self._id(),
                kind=ActivityKind.DOOR_TO_DOOR_VISIT,
                branch_id=branch.branch_id,
                department_ids=[self._id()],
                member_ids=self._rng.sample(branch.member_ids, 3),
                hours=Decimal("2.0"),
                served_at=self._clock,
            )
        )

    def _learning(self, branch: Branch) -> Iterator[Message]:
        yield self._message(
            a.LearningHoursRecorded(
                record_id=self._id(),
                member_id=self._rng.choice(branch.member_ids),
                branch_id=branch.branch_id,
                hours=Decimal("1.5"),
                learned_on=self._clock.date(),
                topic_name="党的二十大精神",
            )
        )

    def _rating(self, branch: Branch) -> Iterator[Message]:
        rng = self._rng
        answer = rng.choices(list(ANSWER_SCORES), weights=[45, 35, 12, 6, 2])[0]
        group = rng.choices(list(RespondentGroup), weights=[15, 60, 25])[0]
        quarter = (self._clock.month - 1) // 3 + 1
        yield self._message(
            fb.RatingSubmitted(
                rating_id=self._id(),
                subject_kind=RatingSubjectKind.BRANCH,
                subject_id=branch.branch_id,
                branch_id=branch.branch_id,
                respondent_group=group,
                answer=answer,
                score=ANSWER_SCORES[answer],
                has_comment=rng.random() < 0.2,
                channel=FeedbackChannel.PUBLIC if group is RespondentGroup.WORKER else FeedbackChannel.STAFF,
                period=f"{self._clock.year}-Q{quarter}",
                submitted_at=self._clock,
            )
        )

    def _roster_change(self, branch: Branch) -> Iterator[Message]:
        member = self.org.members[self._rng.choice(branch.member_ids)]
        changed = member.model_copy(update={"position": self._rng.choice(["工艺员", "班组长", "技术员", "操作工"])})
        self.org.members[member.member_id] = changed
        yield self._message(r.MemberUpdated(member=changed, changed_fields=["position"]))

    def _suggestion(self, branch: Branch) -> Iterator[Message]:
        now = self._clock
        snapshot = fb.SuggestionSnapshot(
            suggestion_id=self._id(),
            branch_id=branch.branch_id,
            category=self._rng.choice(list(SuggestionCategory)),
            respondent_group=RespondentGroup.WORKER,
            anonymous=True,
            channel=FeedbackChannel.PUBLIC,
            state=SuggestionState.SUBMITTED,
            submitted_at=now,
            acknowledge_due=(now + timedelta(days=3)).date(),
            decide_due=(now + timedelta(days=21)).date(),
        )
        yield self._message(fb.SuggestionSubmitted(suggestion=snapshot))
        snapshot = snapshot.model_copy(update={"state": SuggestionState.ACKNOWLEDGED, "acknowledged_at": now})
        yield self._message(fb.SuggestionAcknowledged(suggestion=snapshot))
        snapshot = snapshot.model_copy(
            update={"state": SuggestionState.DECIDED, "decided_at": now, "decision": SuggestionDecision.ADOPTED}
        )
        yield self._message(fb.SuggestionDecided(suggestion=snapshot, reason="可行，予以采纳", within_deadline=True))
        snapshot = snapshot.model_copy(update={"state": SuggestionState.RESPONDED, "responded_at": now})
        yield self._message(fb.SuggestionResponded(suggestion=snapshot))
        snapshot = snapshot.model_copy(update={"state": SuggestionState.CLOSED, "closed_at": now})
        yield self._message(fb.SuggestionClosed(suggestion=snapshot))

    def _unit(
        self, unit_id: uuid.UUID, kind: OrgUnitKind, name: str, parent: uuid.UUID | None, ancestors: list[uuid.UUID]
    ) -> Message:
        snapshot = OrgUnitSnapshot(org_unit_id=unit_id, kind=kind, name=name, parent_id=parent, ancestor_ids=ancestors)
        return self._message(r.OrgUnitCreated(org_unit=snapshot))

    def _message(self, payload: EventData) -> Message:
        subject = payload.subject()
        scope = (payload.topic.name, subject)
        self._sequences[scope] += 1
        event_id = self._id()
        envelope = CloudEvent.wrap(payload, event_id=event_id, sequence=self._sequences[scope], time=self._clock)
        self.mix[payload.event_type] += 1
        return Message(payload.topic.name, subject.encode(), envelope.to_bytes(), event_id, payload.event_type)

    def _id(self) -> uuid.UUID:
        return uuid.UUID(int=self._rng.getrandbits(128), version=4)
