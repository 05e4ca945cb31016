"""Guarding the public page: whether a visitor may submit now, and counting what was accepted.

Only accepted submissions count: a refused duplicate ("already rated"), a bad form or a refusal by the
limit itself consumes nothing. Check and count are two steps around the submission, so concurrent
submissions from one device may pass the limit by as many as arrive at once: a soft limit, which is
what a flood guard needs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from feedback.domain.allowance import BurstRule, SubmissionLimits
from feedback.domain.ratings import Rating
from feedback.domain.respondents import respondent_hash
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork

T = TypeVar("T")

# Longer than any window the settings allow: the record of submissions is only for limits and bursts.
_KEPT = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Visitor:
    """Who is at the public page, as far as it can tell: a network address (a whole workshop behind NAT
    shares one) and a device (the page's cookie, one per phone browser)."""

    address: str
    device: str

    def address_hash(self, context: Context) -> bytes:
        return respondent_hash(context.respondent_key, f"client:{self.address}")

    def device_hash(self, context: Context) -> bytes:
        return respondent_hash(context.respondent_key, f"device:{self.device}")

    @property
    def respondent(self) -> str:
        """The device as a respondent (anonymous mode): one rating per device per subject and period."""
        return f"device:{self.device}"


def limits(context: Context) -> SubmissionLimits:
    settings = context.settings
    return SubmissionLimits(
        settings.public_device_submissions_per_window,
        settings.public_address_submissions_per_window,
        settings.public_window_seconds,
    )


async def check_allowance(uow: FeedbackUnitOfWork, visitor: Visitor, context: Context) -> None:
    """429 when this device, or this address, has used its allowance in the window."""
    policy = limits(context)
    since = context.now - timedelta(seconds=policy.window_seconds)
    device, address = await uow.public.recent(visitor.device_hash(context), visitor.address_hash(context), since)
    policy.check(device, address, context.now)


async def count_submission(
    uow: FeedbackUnitOfWork, visitor: Visitor, code: str, context: Context, rating: Rating | None = None
) -> None:
    """Count an accepted submission; for a rating, flag the burst it belongs to, if any."""
    address = visitor.address_hash(context)
    subject_id = rating.subject.id if rating else None
    await uow.public.record(
        address,
        visitor.device_hash(context),
        code,
        context.now,
        subject_id=subject_id,
        rating_id=rating.id if rating else None,
    )
    await uow.public.forget_before(context.now - _KEPT)
    if rating is not None:
        await _flag_burst(uow, address, rating, context)


async def _flag_burst(uow: FeedbackUnitOfWork, address: bytes, rating: Rating, context: Context) -> None:
    rule = BurstRule(context.settings.public_burst_ratings, context.settings.public_burst_window_seconds)
    since = context.now - timedelta(seconds=rule.window_seconds)
    burst = await uow.public.ratings_from_address(address, rating.subject.id, since)
    if rule.reached(len(burst)):
        # The whole burst, not only the ratings after the threshold: the secretary checks them together.
        await uow.ratings.flag(burst, rule.reason(len(burst)))


async def within_allowance(visitor: Visitor, code: str, context: Context, submit: Callable[[], Awaitable[T]]) -> T:
    """``submit`` (a suggestion, a reopening, a rating of an answer) if the visitor may, counted if it is
    accepted."""
    async with context.uow as uow:
        await check_allowance(uow, visitor, context)
    done = await submit()
    async with context.uow as uow:
        await count_submission(uow, visitor, code, context)
        await uow.commit()
    return done
