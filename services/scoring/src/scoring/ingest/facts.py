"""From events to facts: the newest state per identity (or, for records, one row per record)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ReceivedEvent
from bastion.consumer.snapshots import Keeping, KeptSnapshot, keep_latest
from bastion.db.bulk import batch_insert, execute_batch
from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from scoring.adapters import orm
from scoring.ingest.changes import store_changes

Row = dict[str, Any]


def _member(m: r.MemberSnapshot) -> Row:
    return {
        "member_id": m.member_id,
        "branch_id": m.branch_id,
        "group_id": m.group_id,
        "name": m.name,
        "birth_date": m.birth_date,
        "education": m.education.value,
        "stage": m.stage.value,
        "status": m.status.value,
        "member_class": m.member_class.value,
        "applied_on": m.applied_on,
        "activist_on": m.activist_on,
        "probationary_on": m.probationary_on,
        "probation_ends_on": m.probation_ends_on,
        "candidate_on": m.candidate_on,
        "full_on": m.full_on,
    }


def _unit(u: r.OrgUnitSnapshot) -> Row:
    return {
        "org_unit_id": u.org_unit_id,
        "kind": u.kind.value,
        "name": u.name,
        "parent_id": u.parent_id,
        "ancestor_ids": u.ancestor_ids,
        "dissolved": u.dissolved,
        "established_on": u.established_on,
        "dissolved_on": u.dissolved_on,
    }


def _committee(c: r.BranchCommittee) -> Row:
    return {
        "branch_id": c.branch_id,
        "seats": [{"role": s.role.value, "member_id": str(s.member_id)} for s in c.seats],
    }


def _activity(s: a.ActivitySnapshot) -> Row:
    return {
        "activity_id": s.activity_id,
        "kind": s.kind.value,
        "subtype": s.subtype.value if s.subtype else None,
        "organiser_id": s.organiser_id,
        "organiser_kind": s.organiser_kind.value,
        "branch_id": s.branch_id,
        "state": s.state.value,
        "planned_start": s.planned_start,
        "held_start": s.held_start,
        "approved_at": s.approved_at,
        "lecturer_id": s.lecturer_id,
        "five_services": s.five_services,
    }


def _suggestion(s: fb.SuggestionSnapshot) -> Row:
    return {
        "suggestion_id": s.suggestion_id,
        "branch_id": s.branch_id,
        "proposer_member_id": s.proposer_member_id,
        "channel": s.channel.value,
        "state": s.state.value,
        "submitted_at": s.submitted_at,
        "decide_due": s.decide_due,
        "decided_at": s.decided_at,
        "decision": s.decision.value if s.decision else None,
    }


def _qc(q: a.QcProjectSnapshot) -> Row:
    return {
        "project_id": q.project_id,
        "branch_id": q.branch_id,
        "member_ids": [q.leader_id, *q.member_ids],
        "closed_on": q.closed_on,
        "award": q.award,
    }


# Facts that are not snapshots but records, kept newest-first by the same mechanism: the event is the record.
TALKS = SnapshotSource((r.ApplicationTalkHeld,), read=lambda p: p, key=lambda p: p.member.member_id)
DUES = SnapshotSource((r.DuesPaid,), read=lambda p: p, key=lambda p: (p.member_id, p.month))
HONOURS = SnapshotSource((r.HonourRecorded,), read=lambda p: p, key=lambda p: p.honour_id)
RECOGNITIONS = SnapshotSource((r.BranchRecognitionRecorded,), read=lambda p: p, key=lambda p: p.recognition_id)
DISCIPLINE = SnapshotSource((r.DisciplineRecorded,), read=lambda p: p, key=lambda p: p.record_id)
ATTENDANCE = SnapshotSource((a.AttendanceRecorded,), read=lambda p: p, key=lambda p: (p.activity_id, p.member_id))
GRADES = SnapshotSource((a.AppraisalRecorded,), read=lambda p: p, key=lambda p: (p.activity_id, p.member_id))


def _honour(p: r.HonourRecorded) -> Row:
    return {
        "honour_id": p.honour_id,
        "subject_kind": p.subject_kind.value,
        "member_id": p.member_id,
        "branch_id": p.branch_id,
        "level": p.level.value,
        "awarded_on": p.awarded_on,
    }


def _recognition(p: r.BranchRecognitionRecorded) -> Row:
    return {
        "recognition_id": p.recognition_id,
        "branch_id": p.branch_id,
        "kind": p.kind.value,
        "title": p.title,
        "recognised_on": p.recognised_on,
    }


def _discipline(p: r.DisciplineRecorded) -> Row:
    return {
        "record_id": p.record_id,
        "member_id": p.member_id,
        "branch_id": p.branch_id,
        "level": p.level.value,
        "decided_on": p.decided_on,
        "criminal_conviction": p.criminal_conviction,
    }


def _attendance(p: a.AttendanceRecorded) -> Row:
    return {
        "activity_id": p.activity_id,
        "member_id": p.member_id,
        "branch_id": p.branch_id,
        "kind": p.kind.value,
        "state": p.state.value,
        "expected": p.expected,
        "activity_start": p.activity_start,
    }


def _grade(p: a.AppraisalRecorded) -> Row:
    return {
        "activity_id": p.activity_id,
        "member_id": p.member_id,
        "branch_id": p.branch_id,
        "grade": p.grade.value,
        "held_on": p.held_on,
        "year": p.year,
    }


# The newest state per identity, each in its own table.
FACTS: list[Keeping] = [
    KeptSnapshot(r.MEMBER_SNAPSHOTS, orm.f_members, _member),
    KeptSnapshot(r.ORG_UNIT_SNAPSHOTS, orm.f_units, _unit),
    KeptSnapshot(TALKS, orm.f_member_talks, lambda p: {"member_id": p.member.member_id, "held_on": p.held_on}),
    KeptSnapshot(r.COMMITTEE_SNAPSHOTS, orm.f_committees, _committee),
    KeptSnapshot(DUES, orm.f_dues, lambda p: {"member_id": p.member_id, "month": p.month, "paid_on": p.paid_on}),
    KeptSnapshot(HONOURS, orm.f_honours, _honour),
    KeptSnapshot(RECOGNITIONS, orm.f_branch_recognitions, _recognition),
    KeptSnapshot(DISCIPLINE, orm.f_discipline, _discipline),
    KeptSnapshot(a.ACTIVITY_SNAPSHOTS, orm.f_activities, _activity),
    KeptSnapshot(ATTENDANCE, orm.f_attendance, _attendance),
    KeptSnapshot(GRADES, orm.f_appraisal_grades, _grade),
    KeptSnapshot(a.QC_PROJECT_SNAPSHOTS, orm.f_qc_projects, _qc),
    KeptSnapshot(fb.SUGGESTION_SNAPSHOTS, orm.f_suggestions, _suggestion),
]


def _review(p: r.ActivistReviewed, event_id: uuid.UUID) -> Row:
    return {
        "event_id": event_id,
        "member_id": p.member.member_id,
        "branch_id": p.member.branch_id,
        "reviewed_on": p.reviewed_on,
        "outcome": p.outcome.value,
        "contact_ids": p.contact_ids,
    }


def _service(p: a.ServiceRecorded, event_id: uuid.UUID) -> Row:
    return {
        "record_id": p.record_id,
        "activity_id": p.activity_id,
        "kind": p.kind.value,
        "branch_id": p.branch_id,
        "department_ids": p.department_ids,
        "member_ids": p.member_ids,
        "served_at": p.served_at,
    }


def _learning(p: a.LearningHoursRecorded, event_id: uuid.UUID) -> Row:
    return {
        "record_id": p.record_id,
        "member_id": p.member_id,
        "branch_id": p.branch_id,
        "hours": p.hours,
        "learned_on": p.learned_on,
    }


def _rating(p: fb.RatingSubmitted, event_id: uuid.UUID) -> Row:
    return {
        "rating_id": p.rating_id,
        "subject_kind": p.subject_kind.value,
        "branch_id": p.branch_id,
        "member_id": p.member_id,
        "respondent_group": p.respondent_group.value,
        "answer": p.answer.value,
        "channel": p.channel.value,
        "submitted_at": p.submitted_at,
    }


P = TypeVar("P", bound=EventData)


class Storing(Protocol):
    async def store(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None: ...


@dataclass(frozen=True)
class Recorded(Generic[P]):
    """Records of one event type: one row per record, written once (a redelivery writes nothing)."""

    model: type[P]
    table: Table
    row: Callable[[P, uuid.UUID], Row]  # the payload and its event's id

    async def store(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        rows = [self.row(e.payload, e.envelope.id) for e in events if isinstance(e.payload, self.model)]
        if rows:
            await execute_batch(session, batch_insert(self.table, list(rows[0])).on_conflict_do_nothing(), rows)


RECORDS: list[Storing] = [
    Recorded(r.ActivistReviewed, orm.f_activist_reviews, _review),
    Recorded(a.ServiceRecorded, orm.f_service_records, _service),
    Recorded(a.LearningHoursRecorded, orm.f_learning, _learning),
    Recorded(fb.RatingSubmitted, orm.f_ratings, _rating),
]


async def store_facts(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Keep the newest facts of the batch, and every record once (any order gives the same rows)."""
    await keep_latest(session, FACTS, events)
    await store_changes(session, events)
    for records in RECORDS:
        await records.store(session, events)
