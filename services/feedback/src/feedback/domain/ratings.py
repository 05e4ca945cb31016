"""A rating (满意度评价) of a branch, an activity or a member's service, by someone served."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from bastion_contracts.feedback import RatingDimensions, RatingSubmitted
from bastion_contracts.vocabulary import (
    ActivityKind,
    FeedbackChannel,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
)
from feedback.domain.respondents import RespondentBasis


@dataclass(frozen=True, slots=True)
class RatedSubject:
    """What is rated, as feedback knows it: its branch, and for an activity its kind."""

    kind: RatingSubjectKind
    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    activity_kind: ActivityKind | None = None


@dataclass(frozen=True, slots=True)
class Rating:
    id: uuid.UUID
    subject: RatedSubject
    respondent_group: RespondentGroup
    respondent_hash: bytes
    answer: SatisfactionAnswer
    channel: FeedbackChannel
    period: str
    submitted_at: datetime
    dimensions: RatingDimensions = field(default_factory=RatingDimensions)
    comment: str | None = None
    display_name: str | None = None
    respondent_basis: RespondentBasis = RespondentBasis.RECORDED_IDENTITY
    flag_reason: str | None = None  # why the secretary should look at it (a burst from one address)

    @property
    def score(self) -> int:
        return self.answer.score

    def event(self) -> RatingSubmitted:
        subject = self.subject
        return RatingSubmitted(
            rating_id=self.id,
            subject_kind=subject.kind,
            subject_id=subject.id,
            branch_id=subject.branch_id,
            activity_kind=subject.activity_kind,
            member_id=subject.id if subject.kind is RatingSubjectKind.MEMBER else None,
            respondent_group=self.respondent_group,
            answer=self.answer,
            score=self.score,
            dimensions=self.dimensions,
            has_comment=bool(self.comment),
            channel=self.channel,
            period=self.period,
            submitted_at=self.submitted_at,
        )
