"""Ratings (满意度评价)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bastion.http.event_ids import EventIds
from bastion.http.paging import Page
from bastion.http.text import ShortText
from bastion_contracts.feedback import RatingDimensions
from bastion_contracts.vocabulary import (
    ActivityKind,
    FeedbackChannel,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
)
from feedback.domain.ratings import Rating
from feedback.domain.respondents import RespondentBasis
from feedback.domain.satisfaction import GroupFigures

# What a respondent adds in words; may be left blank.
Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]

RespondentNotice = Annotated[
    str | None,
    Field(
        description="Said wherever anonymous public ratings are counted (Chinese): each is only a device, not a "
        "person; null when there are none."
    ),
]


class RatingCreate(BaseModel):
    """A rating by someone served. ``respondent`` identifies them (employee number, department, phone):
    it is only hashed, to allow one rating per subject per period, and never stored."""

    model_config = ConfigDict(extra="forbid")

    subject_kind: RatingSubjectKind
    subject_id: uuid.UUID = Field(description="The branch, the activity (shift, visit ...) or the member rated.")
    respondent_group: RespondentGroup
    respondent: ShortText = Field(description="Who rates; hashed, never stored.", examples=["GD2-017"])
    anonymous: bool = Field(default=True, description="False with a display_name to show who rated.")
    display_name: ShortText | None = None
    answer: SatisfactionAnswer = Field(description="很满意 … 不满意")
    dimensions: RatingDimensions = Field(default_factory=RatingDimensions)
    comment: Comment | None = None
    collected_on: date | None = Field(
        default=None, description="For a paper survey entered later: the day it was filled in (not in the future)."
    )


class RatingPublic(BaseModel):
    id: uuid.UUID
    subject_kind: RatingSubjectKind
    subject_id: uuid.UUID
    branch_id: uuid.UUID
    activity_kind: ActivityKind | None
    respondent_group: RespondentGroup
    display_name: str | None
    answer: SatisfactionAnswer
    score: int = Field(description="100/80/60/30/0")
    dimensions: RatingDimensions
    comment: str | None
    channel: FeedbackChannel
    period: str = Field(description="The rating period it counts in for one-per-respondent (a quarter by default).")
    submitted_at: datetime = Field(description="When it was given (a paper survey: midday of the day filled in).")
    respondent_basis: RespondentBasis = Field(
        description="What rated once: a device (the public page, anonymous), an employee number (the public page, "
        "identified) or the identity staff entered."
    )
    respondent_basis_label: str = Field(description="The same in Chinese (一台设备 …).")
    flagged: bool = Field(description="To be checked by the secretary (a burst from one network address).")
    flag_reason: str | None = Field(description="Why, in Chinese.")

    @classmethod
    def of(cls, rating: Rating) -> RatingPublic:
        subject = rating.subject
        return cls(
            id=rating.id,
            subject_kind=subject.kind,
            subject_id=subject.id,
            branch_id=subject.branch_id,
            activity_kind=subject.activity_kind,
            respondent_group=rating.respondent_group,
            display_name=rating.display_name,
            answer=rating.answer,
            score=rating.score,
            dimensions=rating.dimensions,
            comment=rating.comment,
            channel=rating.channel,
            period=rating.period,
            submitted_at=rating.submitted_at,
            respondent_basis=rating.respondent_basis,
            respondent_basis_label=rating.respondent_basis.label_zh,
            flagged=rating.flag_reason is not None,
            flag_reason=rating.flag_reason,
        )


class RatingChanged(RatingPublic):
    event_ids: EventIds


class RatingsPage(Page[RatingPublic]):
    respondent_notice: RespondentNotice = None


class GroupFiguresPublic(BaseModel):
    respondent_group: RespondentGroup
    count: int
    mean_score: float = Field(description="The group's mean score (0-100), rounded to two places.")
    satisfaction_rate: float = Field(description="Share at 基本满意 or better.")
    weight: float | None = Field(
        default=None,
        description="In `by_group`: the group's weight in the index after renormalising over the groups that rated "
        "(0.4/0.4/0.2 when all three did); null in the by-subject detail.",
    )

    @classmethod
    def of(cls, figures: GroupFigures, weight: float | None = None) -> GroupFiguresPublic:
        return cls(
            respondent_group=figures.group,
            count=figures.count,
            mean_score=round(figures.mean, 2),
            satisfaction_rate=round(figures.satisfied / figures.count, 4),
            weight=weight,
        )


class SubjectKindSummary(BaseModel):
    subject_kind: RatingSubjectKind
    groups: list[GroupFiguresPublic]


class RatingsSummary(BaseModel):
    """满意度 of a branch: the ratings of the branch itself, its activities and its members' service, in a
    period. The index is the branch's, the one scoring's assessment shows for the same period."""

    branch_id: uuid.UUID
    period: str | None = Field(description="The period asked for (2026, 2026-Q3, 2026-07); null: all time.")
    first_day: date | None = Field(description="Its first day (organisation's calendar); null: all time.")
    last_day: date | None = Field(description="Its last day; null: all time.")
    satisfaction_index: float | None = Field(
        description="0-100: all the branch's ratings pooled per respondent group, the groups' means weighted "
        "department 40%, worker 40%, member 20%, renormalised over the groups that rated; null without ratings."
    )
    satisfaction_rate: float | None = Field(description="Share at 基本满意 or better.")
    count: int
    sufficient_sample: bool = Field(description="At least 10 ratings.")
    by_group: list[GroupFiguresPublic] = Field(
        description="The respondent groups the index is computed from (department, worker, member), with weights."
    )
    by_subject: list[SubjectKindSummary] = Field(
        description="Detail only: the same ratings by kind of subject rated (branch, activity, member) and group. "
        "The index is not an average of these: it pools every kind per respondent group."
    )
    device_ratings: int = Field(description="How many of the ratings are anonymous public ones: each only a device.")
    flagged_ratings: int = Field(description="How many are flagged for the secretary to check (bursts).")
    respondent_notice: RespondentNotice = None
