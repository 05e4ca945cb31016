"""Use cases of the suggestion loop: submit, acknowledge, decide, note progress, respond, close, reopen,
rate the answer; by id (staff) or by receipt code (the proposer, through the public channel)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from bastion.db.paging import PageRequest
from bastion.errors import ConflictError, NotFoundError, RuleViolationError
from bastion.handlers import Done
from bastion_contracts.vocabulary import (
    FeedbackChannel,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
)
from feedback.adapters import known_facts
from feedback.adapters.suggestions_repository import SuggestionFilter
from feedback.domain import suggestions as rules
from feedback.domain.suggestions import Change, HistoryEntry, Suggestion
from feedback.domain.working_days import add_working_days
from feedback.service_layer.calendar import working_calendar_after
from feedback.service_layer.context import Context
from feedback.service_layer.lookups import branch_named
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork

Find = Callable[[FeedbackUnitOfWork], Awaitable[Suggestion]]
# Raises (a 403) unless the caller may act on this suggestion; checked on the suggestion the step loads.
SuggestionCheck = Callable[[Suggestion], None]
_RECEIPT_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class SubmitSuggestion:
    branch_id: uuid.UUID
    category: SuggestionCategory
    content: str
    respondent_group: RespondentGroup
    channel: FeedbackChannel
    five_services: str | None = None
    anonymous: bool = False
    proposer_name: str | None = None
    contact: str | None = None
    proposer_member_id: uuid.UUID | None = None


async def submit_suggestion(command: SubmitSuggestion, context: Context) -> Done[tuple[Suggestion, str]]:
    """A suggestion to a known branch, with its deadlines; answers the receipt code (only ever shown here)."""
    async with context.uow as uow:
        await branch_named(uow, command.branch_id)
        proposal = rules.checked_proposal(rules.Proposal(**asdict(command)))
        if proposal.proposer_member_id is not None:
            await _proposer_known(uow, proposal.proposer_member_id)
        digest = rules.content_hash(proposal.branch_id, proposal.content)
        await uow.suggestions.lock_content(digest)
        if await uow.suggestions.submitted_since(proposal.branch_id, digest, context.now - rules.DUPLICATE_WINDOW):
            raise ConflictError("24 小时内已向该支部提交过相同内容的建议，请勿重复提交", code="duplicate_suggestion")
        receipt, hashed = await _fresh_receipt(uow)
        settings = context.settings
        acknowledge_due = await _working_days_after(uow, context, settings.acknowledge_working_days)
        decide_due = await _working_days_after(uow, context, settings.decide_working_days)
        change = rules.submitted(proposal, hashed, context.now, acknowledge_due, decide_due)
        await uow.suggestions.add(change.suggestion)
        done = await _commit(uow, context, change)
        return Done((done.value, receipt), done.event_ids)


async def _proposer_known(uow: FeedbackUnitOfWork, member_id: uuid.UUID) -> None:
    if await known_facts.person(uow.session, member_id) is None:
        raise RuleViolationError(f"proposer_member_id：没有这个党员（{member_id}）", code="unknown_member")


async def _fresh_receipt(uow: FeedbackUnitOfWork) -> tuple[str, bytes]:
    for _ in range(_RECEIPT_ATTEMPTS):
        receipt = rules.new_receipt()
        hashed = rules.receipt_hash(receipt)
        if hashed is not None and not await uow.suggestions.receipt_taken(hashed):
            return receipt, hashed
    raise RuntimeError("could not draw an unused receipt code")


async def _working_days_after(uow: FeedbackUnitOfWork, context: Context, n: int) -> date:
    calendar = await working_calendar_after(uow, context.today, context.statutory)
    return add_working_days(context.today, n, calendar)


async def _commit(uow: FeedbackUnitOfWork, context: Context, change: Change) -> Done[Suggestion]:
    await uow.suggestions.add_history(change.suggestion.id, change.entry)
    uow.record(change.event, time=context.now)
    await uow.commit()
    return Done(change.suggestion, uow.event_ids)


async def _step(context: Context, find: Find, step: Callable[[Suggestion], Change]) -> Done[Suggestion]:
    async with context.uow as uow:
        suggestion = await find(uow)
        if context.now < suggestion.last_step_at:
            raise RuleViolationError(
                f"这一步的时间不能早于上一步（{suggestion.last_step_at:%Y-%m-%d %H:%M}）", code="date_order"
            )
        change = step(suggestion)
        await uow.suggestions.save(change.suggestion)
        return await _commit(uow, context, change)


def _by_id(suggestion_id: uuid.UUID, allowed: SuggestionCheck) -> Find:
    async def find(uow: FeedbackUnitOfWork) -> Suggestion:
        suggestion = await suggestion_at(uow, suggestion_id, for_update=True)
        allowed(suggestion)
        return suggestion

    return find


def _by_receipt(receipt: str) -> Find:
    async def find(uow: FeedbackUnitOfWork) -> Suggestion:
        return await suggestion_with_receipt(uow, receipt, for_update=True)

    return find


async def suggestion_at(uow: FeedbackUnitOfWork, suggestion_id: uuid.UUID, *, for_update: bool = False) -> Suggestion:
    suggestion = await uow.suggestions.get(suggestion_id, for_update=for_update)
    if suggestion is None:
        raise NotFoundError(f"没有这条建议：{suggestion_id}", code="suggestion_not_found")
    return suggestion


async def suggestion_with_receipt(uow: FeedbackUnitOfWork, receipt: str, *, for_update: bool = False) -> Suggestion:
    hashed = rules.receipt_hash(receipt)
    suggestion = await uow.suggestions.by_receipt(hashed, for_update=for_update) if hashed else None
    if suggestion is None:
        raise NotFoundError("回执码不正确，没有找到对应的建议", code="receipt_not_found")
    return suggestion


# --- staff: by id ------------------------------------------------------------------------------


async def acknowledge_suggestion(
    suggestion_id: uuid.UUID, context: Context, *, allowed: SuggestionCheck
) -> Done[Suggestion]:
    return await _step(context, _by_id(suggestion_id, allowed), lambda s: s.acknowledged(context.now))


async def decide_suggestion(
    suggestion_id: uuid.UUID, decision: SuggestionDecision, reason: str, context: Context, *, allowed: SuggestionCheck
) -> Done[Suggestion]:
    return await _step(
        context, _by_id(suggestion_id, allowed), lambda s: s.decided(decision, reason, context.now, context.today)
    )


async def note_progress(
    suggestion_id: uuid.UUID, note: str, context: Context, *, allowed: SuggestionCheck
) -> Done[Suggestion]:
    return await _step(context, _by_id(suggestion_id, allowed), lambda s: s.progress_noted(note, context.now))


async def respond_to_suggestion(
    suggestion_id: uuid.UUID, response: str, context: Context, *, allowed: SuggestionCheck
) -> Done[Suggestion]:
    return await _step(context, _by_id(suggestion_id, allowed), lambda s: s.responded(response, context.now))


async def close_suggestion(suggestion_id: uuid.UUID, context: Context, *, allowed: SuggestionCheck) -> Done[Suggestion]:
    return await _step(context, _by_id(suggestion_id, allowed), lambda s: s.closed(context.now))


async def reopen_suggestion(
    suggestion_id: uuid.UUID, reason: str, context: Context, *, allowed: SuggestionCheck
) -> Done[Suggestion]:
    return await _reopen(context, _by_id(suggestion_id, allowed), reason)


async def rate_answer(
    suggestion_id: uuid.UUID, answer: SatisfactionAnswer, context: Context, *, allowed: SuggestionCheck
) -> Done[Suggestion]:
    return await _step(context, _by_id(suggestion_id, allowed), lambda s: s.answer_rated(answer, context.now))


async def _reopen(context: Context, find: Find, reason: str) -> Done[Suggestion]:
    """Within the window after closing; decide-by restarts from today (15 working days by default)."""
    settings = context.settings
    async with context.uow as uow:
        decide_due = await _working_days_after(uow, context, settings.decide_working_days)
        window = timedelta(days=settings.reopen_window_days)
        change = (await find(uow)).reopened(reason, context.now, decide_due, window)
        await uow.suggestions.save(change.suggestion)
        return await _commit(uow, context, change)


# --- the proposer: by receipt code -------------------------------------------------------------


async def suggestion_by_receipt(receipt: str, context: Context) -> Suggestion:
    async with context.uow as uow:
        return await suggestion_with_receipt(uow, receipt)


async def reopen_by_receipt(receipt: str, reason: str, context: Context) -> Done[Suggestion]:
    return await _reopen(context, _by_receipt(receipt), reason)


async def rate_answer_by_receipt(receipt: str, answer: SatisfactionAnswer, context: Context) -> Done[Suggestion]:
    return await _step(context, _by_receipt(receipt), lambda s: s.answer_rated(answer, context.now))


# --- reading -----------------------------------------------------------------------------------


async def suggestion_with_history(suggestion_id: uuid.UUID, context: Context) -> tuple[Suggestion, list[HistoryEntry]]:
    async with context.uow as uow:
        suggestion = await suggestion_at(uow, suggestion_id)
        return suggestion, await uow.suggestions.history(suggestion_id)


async def list_suggestions(
    found: SuggestionFilter, page: PageRequest, context: Context
) -> tuple[list[Suggestion], int]:
    async with context.uow as uow:
        return await uow.suggestions.page(found, page, context.today)


async def late_suggestions(branch_id: uuid.UUID, context: Context) -> list[Suggestion]:
    """A branch's suggestions past acknowledge-by and not acknowledged, or past decide-by and not decided."""
    async with context.uow as uow:
        unit = await known_facts.unit(uow.session, branch_id)
        if unit is None or unit.kind != "branch":
            raise NotFoundError(f"没有这个党支部：{branch_id}", code="branch_not_found")
        return await uow.suggestions.late(branch_id, context.today)
