"""Read-side queries: rating lists and summaries."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.db.paging import PageRequest, paged
from bastion_contracts.vocabulary import FeedbackChannel, RatingSubjectKind, RespondentGroup
from feedback.adapters.orm import ratings
from feedback.adapters.ratings_repository import rating_from_row
from feedback.domain.ratings import Rating
from feedback.domain.respondents import RespondentBasis
from feedback.domain.satisfaction import GroupFigures

Window = tuple[datetime, datetime]  # from (included) and until (excluded)


def _within(submitted: Window | None) -> list[ColumnElement[bool]]:
    """Ratings submitted (or, from paper, collected) within the window; all of them without one."""
    if submitted is None:
        return []
    start, end = submitted
    return [ratings.c.submitted_at >= start, ratings.c.submitted_at < end]


async def list_ratings(
    connection: AsyncConnection,
    page: PageRequest,
    *,
    branch_id: uuid.UUID | None = None,
    branch_ids: Collection[uuid.UUID] | None = None,
    subject_kind: RatingSubjectKind | None = None,
    subject_id: uuid.UUID | None = None,
    group: RespondentGroup | None = None,
    submitted: Window | None = None,
    flagged: bool | None = None,
) -> tuple[list[Rating], int]:
    conditions: list[ColumnElement[bool]] = _within(submitted)
    for column, value in (
        (ratings.c.branch_id, branch_id),
        (ratings.c.subject_kind, subject_kind.value if subject_kind else None),
        (ratings.c.subject_id, subject_id),
        (ratings.c.respondent_group, group.value if group else None),
    ):
        if value is not None:
            conditions.append(column == value)
    if branch_ids is not None:  # a secretary's branches
        conditions.append(ratings.c.branch_id.in_(list(branch_ids)))
    if flagged is not None:
        conditions.append(ratings.c.flag_reason.is_not(None) if flagged else ratings.c.flag_reason.is_(None))
    query = select(ratings).where(and_(True, *conditions)).order_by(ratings.c.submitted_at.desc(), ratings.c.id)
    rows, total = await paged(connection, query, page)
    return [rating_from_row(row) for row in rows], total


async def group_figures(
    connection: AsyncConnection, branch_id: uuid.UUID, submitted: Window | None
) -> dict[RatingSubjectKind, list[GroupFigures]]:
    """Per kind of subject rated in the branch, per respondent group: count, score sum, satisfied."""
    conditions = [ratings.c.branch_id == branch_id, *_within(submitted)]
    rows = await connection.execute(
        select(
            ratings.c.subject_kind,
            ratings.c.respondent_group,
            func.count(),
            func.sum(ratings.c.score),
            func.sum(case((ratings.c.score >= 60, 1), else_=0)),
        )
        .where(*conditions)
        .group_by(ratings.c.subject_kind, ratings.c.respondent_group)
    )
    figures: dict[RatingSubjectKind, list[GroupFigures]] = {}
    for kind, group, count, score_sum, satisfied in rows:
        figures.setdefault(RatingSubjectKind(kind), []).append(
            GroupFigures(RespondentGroup(group), int(count), int(score_sum), int(satisfied))
        )
    return figures


@dataclass(frozen=True, slots=True)
class PublicShare:
    """Of a branch's ratings: how many are anonymous public ones (each only a device), how many flagged."""

    device_ratings: int
    flagged_ratings: int


async def public_share(connection: AsyncConnection, branch_id: uuid.UUID, submitted: Window | None) -> PublicShare:
    conditions = [ratings.c.branch_id == branch_id, *_within(submitted)]
    # Rows from before 0005 have no basis: the public page counted devices then.
    device = (ratings.c.respondent_basis == RespondentBasis.DEVICE.value) | (
        ratings.c.respondent_basis.is_(None) & (ratings.c.channel == FeedbackChannel.PUBLIC.value)
    )
    device_count, flagged_count = (
        await connection.execute(
            select(
                func.count().filter(device),
                func.count().filter(ratings.c.flag_reason.is_not(None)),
            ).where(*conditions)
        )
    ).one()
    return PublicShare(int(device_count or 0), int(flagged_count or 0))
