"""Ratings in feedback's database."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.errors import ConflictError
from bastion_contracts.feedback import RatingDimensions
from bastion_contracts.vocabulary import (
    ActivityKind,
    FeedbackChannel,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
)
from feedback.adapters.orm import ratings
from feedback.domain.ratings import RatedSubject, Rating
from feedback.domain.respondents import RespondentBasis


def _basis(row: Any) -> RespondentBasis:
    if row.respondent_basis:
        return RespondentBasis(row.respondent_basis)
    # Written before ratings said it: the public page counted devices, staff typed who rated.
    return RespondentBasis.DEVICE if row.channel == FeedbackChannel.PUBLIC else RespondentBasis.RECORDED_IDENTITY


def rating_from_row(row: Any) -> Rating:
    return Rating(
        id=row.id,
        subject=RatedSubject(
            RatingSubjectKind(row.subject_kind),
            row.subject_id,
            row.branch_id,
            "",
            ActivityKind(row.activity_kind) if row.activity_kind else None,
        ),
        respondent_group=RespondentGroup(row.respondent_group),
        respondent_hash=row.respondent_hash,
        answer=SatisfactionAnswer(row.answer),
        channel=FeedbackChannel(row.channel),
        period=row.period,
        submitted_at=row.submitted_at,
        dimensions=RatingDimensions.model_validate(row.dimensions),
        comment=row.comment,
        display_name=row.display_name,
        respondent_basis=_basis(row),
        flag_reason=row.flag_reason,
    )


class RatingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, rating: Rating) -> None:
        subject = rating.subject
        try:
            await self._session.execute(
                insert(ratings).values(
                    id=rating.id,
                    subject_kind=subject.kind.value,
                    subject_id=subject.id,
                    branch_id=subject.branch_id,
                    activity_kind=subject.activity_kind.value if subject.activity_kind else None,
                    member_id=subject.id if subject.kind is RatingSubjectKind.MEMBER else None,
                    respondent_group=rating.respondent_group.value,
                    respondent_hash=rating.respondent_hash,
                    display_name=rating.display_name,
                    answer=rating.answer.value,
                    score=rating.score,
                    dimensions=rating.dimensions.model_dump(mode="json"),
                    comment=rating.comment,
                    channel=rating.channel.value,
                    period=rating.period,
                    submitted_at=rating.submitted_at,
                    respondent_basis=rating.respondent_basis.value,
                    flag_reason=rating.flag_reason,
                )
            )
        except IntegrityError as exc:
            if violated_constraint(exc) == "ratings_one_per_period_uq":
                raise ConflictError(
                    f"您在 {rating.period} 已评价过「{subject.name}」，每个评价对象每期只能评价一次",
                    code="already_rated",
                ) from exc
            raise

    async def flag(self, rating_ids: list[uuid.UUID], reason: str) -> None:
        """Flag these ratings for the secretary (those already flagged keep their first reason)."""
        # The ratings of one burst arrive together and each flags the others: skipping the rows another
        # transaction holds (it is flagging them) means they never wait for, nor deadlock with, each other.
        unflagged = (
            select(ratings.c.id)
            .where(ratings.c.id.in_(rating_ids), ratings.c.flag_reason.is_(None))
            .with_for_update(skip_locked=True)
        )
        await self._session.execute(update(ratings).where(ratings.c.id.in_(unflagged)).values(flag_reason=reason))

    async def flagged_count(self, branch_id: uuid.UUID, period: str) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                ratings.c.branch_id == branch_id, ratings.c.period == period, ratings.c.flag_reason.is_not(None)
            )
        )
        return int(count or 0)

    async def get(self, rating_id: uuid.UUID) -> Rating | None:
        row = (await self._session.execute(select(ratings).where(ratings.c.id == rating_id))).one_or_none()
        return rating_from_row(row) if row else None
