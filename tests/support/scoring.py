"""Builders for tests that feed scoring: contract events with sensible defaults, wrapped as scoring's
consumer receives them, applied through its real handler, or produced to the broker.

Every builder takes the ids it is about and a date or time, and keyword changes for the rest.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from bastion.clock import utc_now
from bastion.consumer import ReceivedEvent
from bastion.db import create_session_factory
from bastion.events import CloudEvent, EventData
from bastion.runtime import ServiceRuntime
from bastion.testing.kafka import produce
from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from bastion_contracts.testing import member_snapshot
from bastion_contracts.vocabulary import (
    ActivityKind,
    AppraisalGrade,
    AttendanceState,
    BranchRecognitionKind,
    DisciplineLevel,
    FeedbackChannel,
    HonourLevel,
    OrgUnitKind,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
    SubjectKind,
)
from scoring.adapters.generations import for_generation
from scoring.generations import LIVE, RULES
from scoring.ingest.handler import ScoringHandler
from scoring.rules import RuleBook

TIMEZONE = "Asia/Shanghai"
_sequences = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    """A time on ``day`` in the organisation's zone (Asia/Shanghai)."""
    return datetime.combine(day, time(hour), ZoneInfo(TIMEZONE))


def wrap(payload: EventData, sequence: int | None = None, *, event_id: uuid.UUID | None = None) -> CloudEvent:
    """The envelope of ``payload``; sequences increase across calls unless given, so later wins."""
    number = sequence if sequence is not None else next(_sequences)
    return CloudEvent.wrap(payload, event_id=event_id or uuid.uuid4(), sequence=number, time=utc_now())


def event(payload: EventData, sequence: int | None = None, *, event_id: uuid.UUID | None = None) -> ReceivedEvent:
    """``payload`` as scoring's consumer hands it to the handler."""
    envelope = wrap(payload, sequence, event_id=event_id)
    return ReceivedEvent(envelope, payload, payload.topic.name, 0, envelope.sequence)


async def apply(runtime: ServiceRuntime, payloads: Sequence[EventData | ReceivedEvent]) -> None:
    """Apply events in one batch to the live generation through scoring's real handler (no broker)."""
    events = [p if isinstance(p, ReceivedEvent) else event(p) for p in payloads]
    engine = for_generation(runtime.engine, str(runtime.state[LIVE]), kit_tables=True)
    handler = ScoringHandler(cast(RuleBook, runtime.state[RULES]), runtime.settings.timezone)
    async with create_session_factory(engine)() as session, session.begin():
        await handler(session, events)


async def publish(bootstrap: str, prefix: str, payloads: Sequence[EventData]) -> list[CloudEvent]:
    """Produce the events to their topics (the real path into scoring); returns their envelopes."""
    envelopes = [wrap(p) for p in payloads]
    by_topic: dict[str, list[CloudEvent | tuple[str, bytes]]] = {}
    for payload, envelope in zip(payloads, envelopes, strict=True):
        by_topic.setdefault(payload.topic.qualified(prefix), []).append(envelope)
    for topic, messages in by_topic.items():
        await produce(bootstrap, topic, messages)
    return envelopes


def branch_created(branch_id: uuid.UUID, name: str = "第四党支部", parent_id: uuid.UUID | None = None) -> EventData:
    unit = r.OrgUnitSnapshot(
        org_unit_id=branch_id,
        kind=OrgUnitKind.BRANCH,
        name=name,
        parent_id=parent_id,
        ancestor_ids=[parent_id] if parent_id else [],
    )
    return r.OrgUnitCreated(org_unit=unit)


def member_registered(member_id: uuid.UUID, branch_id: uuid.UUID, name: str = "党员", **changes: Any) -> EventData:
    """A full member who joined in 1995, unless ``changes`` (MemberSnapshot fields) say otherwise."""
    changes.setdefault("probationary_on", date(1995, 7, 1))
    return r.MemberRegistered(member=member_snapshot(member_id, branch_id, name, **changes))


def attendance(
    member_id: uuid.UUID,
    branch_id: uuid.UUID,
    kind: ActivityKind,
    state: AttendanceState,
    when: datetime,
    *,
    activity_id: uuid.UUID | None = None,
    role: Literal["participant", "host", "lecturer", "lead"] = "participant",
    **changes: Any,
) -> EventData:
    """One person's attendance at an activity of ``branch_id`` (expected, recorded by the recorder)."""
    values: dict[str, Any] = {
        "attendance_id": uuid.uuid4(),
        "activity_id": activity_id or uuid.uuid4(),
        "kind": kind,
        "organiser_id": branch_id,
        "organiser_kind": OrgUnitKind.BRANCH,
        "branch_id": branch_id,
        "activity_start": when,
        "member_id": member_id,
        "expected": True,
        "state": state,
        "reason": "出差" if state is AttendanceState.EXCUSED else None,
        "source": "recorder",
        "role": role,
    }
    return a.AttendanceRecorded.model_validate({**values, **changes})


def service_recorded(
    member_ids: Sequence[uuid.UUID],
    branch_id: uuid.UUID,
    when: datetime,
    kind: ActivityKind = ActivityKind.MOBILE_SERVICE_POST_SHIFT,
) -> EventData:
    """A mobile service post shift (or a door-to-door visit) served by ``member_ids``."""
    return a.ServiceRecorded(
        record_id=uuid.uuid4(),
        activity_id=uuid.uuid4(),
        kind=kind,
        branch_id=branch_id,
        department_ids=[],
        member_ids=list(member_ids),
        hours=Decimal("2.0"),
        served_at=when,
    )


def learning(member_id: uuid.UUID, branch_id: uuid.UUID, hours: str | Decimal, on: date) -> EventData:
    return a.LearningHoursRecorded(
        record_id=uuid.uuid4(),
        member_id=member_id,
        branch_id=branch_id,
        hours=Decimal(hours),
        learned_on=on,
        topic_name="党章学习",
    )


def dues_paid(member_id: uuid.UUID, branch_id: uuid.UUID, month: str, paid_on: date | None = None) -> EventData:
    """Dues of ``month`` (YYYY-MM) paid, by default on the 5th of that month."""
    day = paid_on or date(int(month[:4]), int(month[5:]), 5)
    return r.DuesPaid(member_id=member_id, branch_id=branch_id, month=month, amount=Decimal("20.00"), paid_on=day)


def honour(member_id: uuid.UUID, branch_id: uuid.UUID, level: HonourLevel, on: date) -> EventData:
    return r.HonourRecorded(
        honour_id=uuid.uuid4(),
        subject_kind=SubjectKind.MEMBER,
        member_id=member_id,
        branch_id=branch_id,
        level=level,
        title=f"{level.label_zh}优秀共产党员",
        awarded_on=on,
    )


def recognition(branch_id: uuid.UUID, kind: BranchRecognitionKind, on: date, title: str = "技术革新") -> EventData:
    """The committee's recognition of a branch: an innovation (创新成果) or a published experience (经验推广)."""
    return r.BranchRecognitionRecorded(
        recognition_id=uuid.uuid4(), branch_id=branch_id, kind=kind, title=title, recognised_on=on
    )


def appraisal(
    member_id: uuid.UUID,
    branch_id: uuid.UUID,
    grade: AppraisalGrade,
    held_on: date,
    *,
    activity_id: uuid.UUID | None = None,
    previous: AppraisalGrade | None = None,
) -> EventData:
    """The grade a member appraisal (民主评议党员) held on ``held_on`` decided for a full member."""
    return a.AppraisalRecorded(
        activity_id=activity_id or uuid.uuid4(),
        activity_title=f"{held_on.year}年民主评议党员",
        branch_id=branch_id,
        member_id=member_id,
        grade=grade,
        previous_grade=previous,
        held_on=held_on,
        year=held_on.year,
    )


def discipline(
    member_id: uuid.UUID, branch_id: uuid.UUID, level: DisciplineLevel, on: date, *, criminal: bool = False
) -> EventData:
    return r.DisciplineRecorded(
        record_id=uuid.uuid4(),
        member_id=member_id,
        branch_id=branch_id,
        level=level,
        decided_on=on,
        reason="违反组织纪律",
        criminal_conviction=criminal,
    )


def rating(
    branch_id: uuid.UUID,
    answer: SatisfactionAnswer,
    group: RespondentGroup,
    when: datetime,
    *,
    member_id: uuid.UUID | None = None,
) -> EventData:
    """A rating of the member's service if ``member_id`` is given, else of the branch itself."""
    subject = RatingSubjectKind.MEMBER if member_id else RatingSubjectKind.BRANCH
    return fb.RatingSubmitted(
        rating_id=uuid.uuid4(),
        subject_kind=subject,
        subject_id=member_id or branch_id,
        branch_id=branch_id,
        member_id=member_id,
        respondent_group=group,
        answer=answer,
        score=answer.score,
        has_comment=False,
        channel=FeedbackChannel.STAFF,
        period=f"{when.year}-Q{(when.month - 1) // 3 + 1}",
        submitted_at=when,
    )
