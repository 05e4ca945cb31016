"""Use case: someone served rates a branch, an activity or a member's service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from bastion.clock import local_day
from bastion.errors import RuleViolationError
from bastion.handlers import Done
from bastion_contracts.feedback import RatingDimensions
from bastion_contracts.vocabulary import FeedbackChannel, RatingSubjectKind, RespondentGroup, SatisfactionAnswer
from feedback.domain.periods import period_of
from feedback.domain.ratings import Rating
from feedback.domain.respondents import RespondentBasis, respondent_hash
from feedback.service_layer.context import Context
from feedback.service_layer.lookups import rated_subject
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork


@dataclass(frozen=True, slots=True)
class SubmitRating:
    subject_kind: RatingSubjectKind
    subject_id: uuid.UUID
    respondent_group: RespondentGroup
    respondent: str  # an identity only hashed, never stored
    answer: SatisfactionAnswer
    channel: FeedbackChannel
    dimensions: RatingDimensions = field(default_factory=RatingDimensions)
    comment: str | None = None
    display_name: str | None = None
    collected_at: datetime | None = None  # a paper survey entered later; default now
    respondent_basis: RespondentBasis = RespondentBasis.RECORDED_IDENTITY


async def submit_rating(command: SubmitRating, context: Context) -> Done[Rating]:
    """One rating per respondent per subject per period (a quarter by default)."""
    async with context.uow as uow:
        rating = await add_rating(uow, command, context)
        await uow.commit()
        return Done(rating, uow.event_ids)


async def add_rating(uow: FeedbackUnitOfWork, command: SubmitRating, context: Context) -> Rating:
    """The rating and its event, in the caller's unit of work; 409 ``already_rated`` for a second one."""
    collected = command.collected_at or context.now
    if collected > context.now:
        raise RuleViolationError("收集日期不能晚于今天", code="date_in_future")
    subject = await rated_subject(uow, command.subject_kind, command.subject_id)
    rating = Rating(
        id=uuid.uuid4(),
        subject=subject,
        respondent_group=command.respondent_group,
        respondent_hash=respondent_hash(context.respondent_key, command.respondent),
        answer=command.answer,
        channel=command.channel,
        period=period_of(local_day(collected, context.settings.timezone), context.settings.rating_period),
        submitted_at=collected,
        dimensions=command.dimensions,
        comment=command.comment or None,
        display_name=command.display_name or None,
        respondent_basis=command.respondent_basis,
    )
    await uow.ratings.add(rating)
    uow.record(rating.event(), time=collected)
    return rating
