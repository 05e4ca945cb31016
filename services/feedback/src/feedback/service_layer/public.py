"""Use cases of the public channel: a branch's code and mode, rating and suggesting without an account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bastion.errors import NotFoundError
from bastion.handlers import Done
from bastion_contracts.vocabulary import FeedbackChannel, RatingSubjectKind, RespondentGroup, SatisfactionAnswer
from feedback.domain.periods import period_of
from feedback.domain.public import PERIOD_WORDS, PublicMode, new_public_code, normalise_code
from feedback.domain.ratings import Rating
from feedback.domain.respondents import employee_number
from feedback.service_layer import ratings
from feedback.service_layer.allowance import Visitor, check_allowance, count_submission
from feedback.service_layer.context import Context
from feedback.service_layer.lookups import branch_named
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork

_CODE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class PublicBranch:
    """A branch as its public page shows it."""

    id: uuid.UUID
    name: str
    code: str
    mode: PublicMode


@dataclass(frozen=True, slots=True)
class ChannelView:
    """A branch's channel as its staff see it: code, mode, and ratings flagged this period."""

    code: str
    mode: PublicMode
    period: str
    flagged_ratings: int


async def _code(uow: FeedbackUnitOfWork, branch_id: uuid.UUID, context: Context) -> str:
    await branch_named(uow, branch_id)
    code = await uow.public.code_of(branch_id)
    for _ in range(_CODE_ATTEMPTS):
        if code:
            return code
        code = await uow.public.claim_code(branch_id, new_public_code(), context.now)
    raise RuntimeError("could not find a free public code")


async def public_code(branch_id: uuid.UUID, context: Context) -> str:
    """The branch's code (created the first time someone asks); 422 if feedback does not know the branch."""
    async with context.uow as uow:
        code = await _code(uow, branch_id, context)
        await uow.commit()
    return code


async def channel_view(branch_id: uuid.UUID, context: Context) -> ChannelView:
    async with context.uow as uow:
        view = await _view(uow, branch_id, context)
        await uow.commit()  # the code, the first time
    return view


async def set_mode(branch_id: uuid.UUID, mode: PublicMode, context: Context) -> ChannelView:
    """Choose how the branch's public page counts a respondent (audited as any change)."""
    async with context.uow as uow:
        await _code(uow, branch_id, context)
        await uow.public.set_mode(branch_id, mode)
        view = await _view(uow, branch_id, context)
        await uow.commit()
    return view


async def _view(uow: FeedbackUnitOfWork, branch_id: uuid.UUID, context: Context) -> ChannelView:
    period = period_of(context.today, context.settings.rating_period)
    code = await _code(uow, branch_id, context)
    mode = await uow.public.mode_of(branch_id)
    return ChannelView(code, mode, period, await uow.ratings.flagged_count(branch_id, period))


def period_word(context: Context) -> str:
    return PERIOD_WORDS[context.settings.rating_period]


async def branch_of_code(code: str, context: Context) -> PublicBranch:
    """The branch a public code opens; 404 for a wrong code."""
    async with context.uow as uow:
        return await _branch_of_code(uow, code)


async def _branch_of_code(uow: FeedbackUnitOfWork, code: str) -> PublicBranch:
    found = await uow.public.branch_of(normalise_code(code))
    if found is None:
        raise NotFoundError("没有这个二维码对应的党支部，请检查链接", code="public_code_not_found")
    branch_id, mode = found
    branch = await branch_named(uow, branch_id)
    return PublicBranch(branch.id, branch.name, normalise_code(code), mode)


@dataclass(frozen=True, slots=True)
class PublicRating:
    """A rating of the branch from its page: the form's fields."""

    group: RespondentGroup
    answer: SatisfactionAnswer
    comment: str | None
    employee_number: str | None  # asked for in identified mode only


async def rate_branch(code: str, visitor: Visitor, form: PublicRating, context: Context) -> Done[Rating]:
    """One rating per device (anonymous mode) or per employee number (identified mode), per period."""
    async with context.uow as uow:
        branch = await _branch_of_code(uow, code)
        await check_allowance(uow, visitor, context)
        identified = branch.mode is PublicMode.IDENTIFIED
        command = ratings.SubmitRating(
            subject_kind=RatingSubjectKind.BRANCH,
            subject_id=branch.id,
            respondent_group=form.group,
            # The employee number alone, as staff would enter it: one rating per person across channels.
            respondent=employee_number(form.employee_number) if identified else visitor.respondent,
            answer=form.answer,
            channel=FeedbackChannel.PUBLIC,
            comment=form.comment,
            respondent_basis=branch.mode.basis,
        )
        rating = await ratings.add_rating(uow, command, context)
        await count_submission(uow, visitor, branch.code, context, rating)
        await uow.commit()
        return Done(rating, uow.event_ids)
