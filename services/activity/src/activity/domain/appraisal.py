"""民主评议党员 results: the grade the branch's appraisal meeting decides for each full member.

Rules (domain.md §2, §3): once a member appraisal (民主评议党员) has been held, the branch records one grade
per full member of the branch: 优秀 excellent, 合格 qualified, 基本合格 basically qualified or 不合格
unqualified. Probationary members get no grade, and 优秀 goes to at most a third of those graded. A grade
may be replaced (a correction) until the meeting's record is approved, which is final; a returned record
may be corrected again. The suggested band of the score card only nominates; this is the decision.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from activity.domain.activity import Activity
from bastion.errors import RuleViolationError
from bastion_contracts.vocabulary import ActivityKind, ActivityState, AppraisalGrade, Stage

OPEN = (ActivityState.HELD, ActivityState.RETURNED)
EXCELLENT_SHARE = 3  # 优秀 ≤ 1/3 of the members graded


@dataclass(frozen=True, slots=True)
class Grade:
    """The grade currently recorded for a member at an appraisal meeting."""

    activity_id: uuid.UUID
    member_id: uuid.UUID
    grade: AppraisalGrade
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Graded:
    """A grade as the secretary enters it."""

    member_id: uuid.UUID
    grade: AppraisalGrade


@dataclass(frozen=True, slots=True)
class Appraisee:
    """A person as roster announced them: what decides whether they may be graded."""

    name: str
    branch_id: uuid.UUID
    stage: Stage
    active: bool


@dataclass(frozen=True, slots=True)
class Change:
    """A grade to record: new, or replacing ``previous``."""

    grade: Grade
    previous: AppraisalGrade | None


def excellent_limit(graded: int) -> int:
    """How many 优秀 a meeting may give among ``graded`` members."""
    return graded // EXCELLENT_SHARE


def require_open(activity: Activity) -> None:
    """Grades are recorded at a held member appraisal, until its record is approved."""
    if activity.kind is not ActivityKind.MEMBER_APPRAISAL:
        raise RuleViolationError(
            f"「{activity.plan.title}」是{activity.kind.label_zh}，只有民主评议党员才登记评议结果",
            code="not_member_appraisal",
        )
    # An approved record is final (approval cannot be undone), so are its grades.
    activity.require(*OPEN, action="登记评议结果")


def recorded(
    activity: Activity,
    requests: Sequence[Graded],
    people: Mapping[uuid.UUID, Appraisee],
    current: Mapping[uuid.UUID, Grade],
    now: datetime,
) -> list[Change]:
    """The grades that change something, all or nothing; a new grade for someone graded is a correction."""
    require_open(activity)
    _check_people(activity, requests, people)
    after = {m: g.grade for m, g in current.items()} | {r.member_id: r.grade for r in requests}
    excellent = sum(1 for grade in after.values() if grade is AppraisalGrade.EXCELLENT)
    if excellent > excellent_limit(len(after)):
        raise RuleViolationError(
            f"优秀不得超过参评党员的三分之一：参评 {len(after)} 人，最多 {excellent_limit(len(after))} 名优秀，"
            f"登记后将有 {excellent} 名",
            code="too_many_excellent",
        )
    changes = []
    for request in requests:
        before = current.get(request.member_id)
        if before is not None and before.grade is request.grade:
            continue
        grade = Grade(activity.id, request.member_id, request.grade, now)
        changes.append(Change(grade, before.grade if before else None))
    return changes


def _check_people(activity: Activity, requests: Sequence[Graded], people: Mapping[uuid.UUID, Appraisee]) -> None:
    """Each person once, known, active, of the meeting's branch, and a full member."""
    twice = [m for m, n in Counter(r.member_id for r in requests).items() if n > 1]
    if twice:
        raise RuleViolationError(f"同一人在一次登记中只能出现一次：{_names(twice, people)}", code="duplicate_entry")
    unknown = [str(r.member_id) for r in requests if r.member_id not in people]
    if unknown:
        raise RuleViolationError(f"没有这些人：{', '.join(unknown)}，或 roster 的消息还没有到达", code="unknown_member")
    named = [r.member_id for r in requests]
    gone = [m for m in named if not people[m].active]
    if gone:
        raise RuleViolationError(f"这些人已不在册：{_names(gone, people)}", code="member_not_active")
    elsewhere = [m for m in named if people[m].branch_id != activity.organiser.branch_id]
    if elsewhere:
        raise RuleViolationError(f"不是本支部的党员：{_names(elsewhere, people)}", code="member_other_branch")
    probationary = [m for m in named if people[m].stage is Stage.PROBATIONARY]
    if probationary:
        raise RuleViolationError(
            f"预备党员参加民主评议，但不评定等次：{_names(probationary, people)}", code="probationary_not_graded"
        )
    not_members = [m for m in named if people[m].stage is not Stage.FULL]
    if not_members:
        stages = "、".join(f"{people[m].name}（{people[m].stage.label_zh}）" for m in not_members)
        raise RuleViolationError(f"只有正式党员评定等次：{stages}", code="not_full_member")


def _names(member_ids: Sequence[uuid.UUID], people: Mapping[uuid.UUID, Appraisee]) -> str:
    return "、".join(people[m].name if m in people else str(m) for m in member_ids)
