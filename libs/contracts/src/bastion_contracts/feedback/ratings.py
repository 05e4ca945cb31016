"""Ratings (满意度评价): who rated what, how, when; never who they are."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bastion.events.model import EventData
from bastion.events.topics import Topic
from bastion_contracts.topics import FEEDBACK_RATINGS
from bastion_contracts.vocabulary import (
    ActivityKind,
    FeedbackChannel,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
)


class RatingDimensions(BaseModel):
    """Optional answers on three aspects of the service."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    attitude: SatisfactionAnswer | None = Field(default=None, description="服务态度")
    efficiency: SatisfactionAnswer | None = Field(default=None, description="服务效率")
    result: SatisfactionAnswer | None = Field(default=None, description="服务效果")


class RatingSubmitted(EventData):
    """Someone served rated a branch, an activity (incl. a service shift or visit) or a member's service."""

    event_type: ClassVar[str] = "bastion.feedback.rating.submitted.v1"
    topic: ClassVar[Topic] = FEEDBACK_RATINGS

    rating_id: uuid.UUID
    subject_kind: RatingSubjectKind
    subject_id: uuid.UUID
    branch_id: uuid.UUID = Field(description="The branch rated, or the branch of the activity or member.")
    activity_kind: ActivityKind | None = Field(default=None, description="When an activity is rated.")
    member_id: uuid.UUID | None = Field(default=None, description="When a member's service is rated.")
    respondent_group: RespondentGroup
    answer: SatisfactionAnswer
    score: int = Field(ge=0, le=100, description="100/80/60/30/0 for the five answers.")
    dimensions: RatingDimensions = Field(default_factory=RatingDimensions)
    has_comment: bool = Field(description="A comment was given (its text stays in feedback).")
    channel: FeedbackChannel
    period: str = Field(description="The rating period (one rating per respondent per subject in it), e.g. 2026-Q3.")
    submitted_at: datetime

    def subject(self) -> str:
        return str(self.rating_id)
