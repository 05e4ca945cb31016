"""民主评议党员 results: the grade the appraisal meeting decided for each full member."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from activity.domain.appraisal import excellent_limit
from activity.service_layer.appraisal import AppraisalSheet
from bastion.clock import local_day
from bastion.handlers import Done
from bastion.http.event_ids import EventIds
from bastion_contracts.vocabulary import ActivityState, AppraisalGrade

GRADES = "excellent 优秀, qualified 合格, basically_qualified 基本合格, unqualified 不合格"


class GradeEntry(BaseModel):
    """One full member's grade as the meeting decided it."""

    model_config = ConfigDict(extra="forbid")

    member_id: uuid.UUID
    grade: AppraisalGrade = Field(description=GRADES)


class GradeEntries(BaseModel):
    """The meeting's grades, checked as a whole: one bad entry refuses them all."""

    model_config = ConfigDict(extra="forbid")
    grades: list[GradeEntry] = Field(min_length=1, max_length=500)


class GradeLine(BaseModel):
    member_id: uuid.UUID
    name: str | None = Field(description="As roster announced it (None if roster's message has not arrived).")
    grade: AppraisalGrade
    grade_label: str = Field(description="优秀, 合格, 基本合格 or 不合格.")
    recorded_at: datetime


class UngradedMember(BaseModel):
    member_id: uuid.UUID
    name: str


class GradeCounts(BaseModel):
    excellent: int
    qualified: int
    basically_qualified: int
    unqualified: int


class AppraisalResults(BaseModel):
    """A member appraisal's grades (民主评议结果), by name, and the full members still to grade."""

    activity_id: uuid.UUID
    activity_state: ActivityState
    held_on: date | None = Field(description="The meeting's date (None until it is held).")
    graded: int
    excellent_limit: int = Field(description="优秀 is given to at most a third of the members graded.")
    counts: GradeCounts
    results: list[GradeLine]
    ungraded: list[UngradedMember] = Field(description="The branch's active full members without a grade yet.")

    @classmethod
    def of(cls, sheet: AppraisalSheet, timezone: str) -> AppraisalResults:
        return cls(**_fields(sheet, timezone))


def _fields(sheet: AppraisalSheet, timezone: str) -> dict[str, Any]:
    activity, people = sheet.activity, sheet.people
    lines = [
        GradeLine(
            member_id=g.member_id,
            name=people[g.member_id].name if g.member_id in people else None,
            grade=g.grade,
            grade_label=g.grade.label_zh,
            recorded_at=g.recorded_at,
        )
        for g in sheet.grades.values()
    ]
    lines.sort(key=lambda line: (line.name or "", str(line.member_id)))
    counts = Counter(g.grade.value for g in sheet.grades.values())
    return {
        "activity_id": activity.id,
        "activity_state": activity.state,
        "held_on": local_day(activity.held_start, timezone) if activity.held_start else None,
        "graded": len(lines),
        "excellent_limit": excellent_limit(len(lines)),
        "counts": GradeCounts(**{field: counts[field] for field in GradeCounts.model_fields}),
        "results": lines,
        "ungraded": [UngradedMember(member_id=m, name=people[m].name) for m in sheet.ungraded],
    }


class AppraisalResultsChanged(AppraisalResults):
    event_ids: EventIds

    @classmethod
    def of_done(cls, done: Done[AppraisalSheet], timezone: str) -> AppraisalResultsChanged:
        return cls(**_fields(done.value, timezone), event_ids=done.event_ids)
