"""Use cases of the public channel: a branch's code, guarding submissions, rating and suggesting
without an account."""

from __future__ import annotations

import uuid
from datetime import timedelta

from bastion.errors import NotFoundError
from bastion_contracts.vocabulary import FeedbackChannel, RatingSubjectKind, RespondentGroup, SatisfactionAnswer
from feedback.domain.public import RatePolicy, new_public_code, normalise_code
from feedback.domain.ratings import Rating
from feedback.domain.respondents import respondent_hash
from feedback.service_layer import ratings
from feedback.service_layer.context import Context
from feedback.service_layer.lookups import Done, branch_named

_CODE_ATTEMPTS = 5


async def public_code(branch_id: uuid.UUID, context: Context) -> str:
    """The branch's code (created the first time someone asks); 422 if feedback does not know the branch."""
    async with context.uow as uow:
        await branch_named(uow, branch_id)
        code = await uow.public.code_of(branch_id)
        for _ in range(_CODE_ATTEMPTS):
            if code:
                break
            code = await uow.public.claim_code(branch_id, new_public_code(), context.now)
        await uow.commit()
    if not code:
        raise RuntimeError("could not find a free public code")
    return code


async def branch_of_code(code: str, context: Context) -> tuple[uuid.UUID, str]:
    """The branch a public code opens (id and name); 404 for a wrong code."""
    async with context.uow as uow:
        branch_id = await uow.public.branch_of(normalise_code(code))
        if branch_id is None:
            raise NotFoundError("没有这个二维码对应的党支部，请检查链接", code="public_code_not_found")
        branch = await branch_named(uow, branch_id)
    return branch.id, branch.name


async def guard_submission(client: str, code: str, context: Context) -> None:
    """Count this attempt and refuse it (429) when the client has submitted too often lately."""
    settings = context.settings
    policy = RatePolicy(settings.public_submissions_per_window, settings.public_window_seconds)
    client_hash = respondent_hash(context.respondent_key, f"client:{client}")
    since = context.now - timedelta(seconds=policy.window_seconds)
    async with context.uow as uow:
        recent = await uow.public.count_since(client_hash, since)
        await uow.public.record(client_hash, normalise_code(code), context.now)
        await uow.public.forget_before(context.now - timedelta(days=1))
        await uow.commit()
    policy.check(recent)


async def rate_branch(
    code: str, device: str, group: RespondentGroup, answer: SatisfactionAnswer, comment: str | None, context: Context
) -> Done[Rating]:
    """A rating of the branch from its public page; the device stands for the respondent."""
    branch_id, _name = await branch_of_code(code, context)
    command = ratings.SubmitRating(
        subject_kind=RatingSubjectKind.BRANCH,
        subject_id=branch_id,
        respondent_group=group,
        respondent=f"device:{device}",
        answer=answer,
        channel=FeedbackChannel.PUBLIC,
        comment=comment,
    )
    return await ratings.submit_rating(command, context)
