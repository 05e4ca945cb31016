"""Finding what a request names, as feedback knows it from roster's and activity's events."""

from __future__ import annotations

import uuid

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.vocabulary import ActivityKind, RatingSubjectKind
from feedback.adapters import known_facts
from feedback.domain.ratings import RatedSubject
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork

_RATEABLE_STATES = ("held", "approved", "returned")


def _unknown(kind: RatingSubjectKind, subject_id: uuid.UUID) -> RuleViolationError:
    return RuleViolationError(
        f"subject_id：没有这个{kind.label_zh}（{subject_id}），或相关消息还没有到达", code="unknown_subject"
    )


async def branch_named(uow: FeedbackUnitOfWork, branch_id: uuid.UUID, field: str = "branch_id") -> RatedSubject:
    row = await known_facts.unit(uow.session, branch_id)
    if row is None or row.kind != "branch":
        raise RuleViolationError(f"{field}：没有这个党支部（{branch_id}）", code="unknown_branch")
    if row.dissolved:
        raise ConflictError(f"「{row.name}」已撤销", code="org_unit_dissolved")
    return RatedSubject(RatingSubjectKind.BRANCH, row.org_unit_id, row.org_unit_id, row.name)


async def rated_subject(uow: FeedbackUnitOfWork, kind: RatingSubjectKind, subject_id: uuid.UUID) -> RatedSubject:
    """What is rated: a branch, a held activity, or an active member; its branch follows."""
    if kind is RatingSubjectKind.BRANCH:
        try:
            return await branch_named(uow, subject_id, "subject_id")
        except RuleViolationError:
            raise _unknown(kind, subject_id) from None
    if kind is RatingSubjectKind.ACTIVITY:
        activity = await known_facts.activity(uow.session, subject_id)
        if activity is None:
            raise _unknown(kind, subject_id)
        if activity.state not in _RATEABLE_STATES:
            raise ConflictError(f"「{activity.title}」还没有开展，不能评价", code="activity_not_held")
        return RatedSubject(kind, activity.activity_id, activity.branch_id, activity.title, ActivityKind(activity.kind))
    person = await known_facts.person(uow.session, subject_id)
    if person is None:
        raise _unknown(kind, subject_id)
    if person.status != "active":
        raise ConflictError(f"{person.name} 已不在册，不能评价其服务", code="member_not_active")
    return RatedSubject(kind, person.member_id, person.branch_id, person.name)
