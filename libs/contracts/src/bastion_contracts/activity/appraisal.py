"""民主评议党员 results: the grade a branch's appraisal meeting decided for each full member."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.topics import Topic
from bastion_contracts.topics import ACTIVITY_ACTIVITIES
from bastion_contracts.vocabulary import AppraisalGrade


class AppraisalRecorded(EventData):
    """The grade a member appraisal (民主评议党员) decided for a full member was recorded or corrected; the
    latest per meeting and member counts, and a year's record is the latest meeting's grade in that year."""

    event_type: ClassVar[str] = "bastion.activity.appraisal.recorded.v1"
    # On the activities topic, keyed by the meeting: a subscriber sees the grades before the meeting's approval.
    topic: ClassVar[Topic] = ACTIVITY_ACTIVITIES

    activity_id: uuid.UUID = Field(description="The member appraisal meeting (民主评议党员) that decided it.")
    activity_title: str
    branch_id: uuid.UUID
    member_id: uuid.UUID
    grade: AppraisalGrade = Field(
        description="优秀 excellent, 合格 qualified, 基本合格 basically_qualified, 不合格 unqualified."
    )
    previous_grade: AppraisalGrade | None = Field(default=None, description="Set on a correction.")
    held_on: date = Field(description="The meeting's date, in the organisation's time zone.")
    year: int = Field(description="The year whose record this is: the year the meeting was held in.")

    def subject(self) -> str:
        return str(self.activity_id)
