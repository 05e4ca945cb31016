"""Suggestions, their history, and the working-day calendar (calendar_days) in feedback's database."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, exists, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.paging import PageRequest, paged
from bastion_contracts.vocabulary import (
    FeedbackChannel,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
)
from feedback.adapters.orm import calendar_days, suggestion_history, suggestions
from feedback.domain.suggestions import UNDECIDED, HistoryEntry, Suggestion
from feedback.domain.working_days import CalendarDay, DaySource

_UNDECIDED = [s.value for s in UNDECIDED]
_SUBMITTED = SuggestionState.SUBMITTED.value
_STORED_AS_IS = (
    *("id", "branch_id", "content", "five_services", "proposer_name", "contact", "proposer_member_id", "anonymous"),
    *("receipt_hash", "content_hash", "submitted_at", "acknowledge_due", "decide_due", "acknowledged_at"),
    *("decided_at", "decision_reason", "response", "responded_at", "closed_at", "reopened_count"),
)


@dataclass(frozen=True, slots=True)
class SuggestionFilter:
    branch_id: uuid.UUID | None = None
    state: SuggestionState | None = None
    overdue: bool | None = None  # True: only late ones, False: only those not late
    branch_ids: Collection[uuid.UUID] | None = None  # only these branches (a secretary's)
    proposer_member_id: uuid.UUID | None = None  # only this member's own (named) suggestions


def suggestion_from_row(row: Any) -> Suggestion:
    return Suggestion(
        **{name: getattr(row, name) for name in _STORED_AS_IS},
        category=SuggestionCategory(row.category),
        respondent_group=RespondentGroup(row.respondent_group),
        channel=FeedbackChannel(row.channel),
        state=SuggestionState(row.state),
        decision=SuggestionDecision(row.decision) if row.decision else None,
        answer_rating=SatisfactionAnswer(row.answer_rating) if row.answer_rating else None,
    )


def _values(suggestion: Suggestion) -> dict[str, Any]:
    return {name: getattr(suggestion, name) for name in _STORED_AS_IS} | {
        "category": suggestion.category.value,
        "respondent_group": suggestion.respondent_group.value,
        "channel": suggestion.channel.value,
        "state": suggestion.state.value,
        "decision": suggestion.decision.value if suggestion.decision else None,
        "answer_rating": suggestion.answer_rating.value if suggestion.answer_rating else None,
    }


def _late(today: date) -> ColumnElement[bool]:
    """Past acknowledge-by and not acknowledged, or past decide-by and not decided (as Suggestion.lateness)."""
    c = suggestions.c
    return or_(
        and_(c.state == _SUBMITTED, c.acknowledge_due < today),
        and_(c.state.in_(_UNDECIDED), c.decide_due < today),
    )


def _next_due() -> Any:
    c = suggestions.c
    return case(
        (c.state == _SUBMITTED, c.acknowledge_due),
        (c.state.in_(_UNDECIDED), c.decide_due),
        else_=None,
    )


class SuggestionsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # --- suggestions -------------------------------------------------------------------------

    async def add(self, suggestion: Suggestion) -> None:
        await self._session.execute(insert(suggestions).values(**_values(suggestion)))

    async def save(self, suggestion: Suggestion) -> None:
        await self._session.execute(
            update(suggestions).where(suggestions.c.id == suggestion.id).values(**_values(suggestion))
        )

    async def get(self, suggestion_id: uuid.UUID, *, for_update: bool = False) -> Suggestion | None:
        return await self._one(suggestions.c.id == suggestion_id, for_update)

    async def by_receipt(self, receipt_hash: bytes, *, for_update: bool = False) -> Suggestion | None:
        return await self._one(suggestions.c.receipt_hash == receipt_hash, for_update)

    async def _one(self, condition: ColumnElement[bool], for_update: bool) -> Suggestion | None:
        query = select(suggestions).where(condition)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return suggestion_from_row(row) if row else None

    async def receipt_taken(self, receipt_hash: bytes) -> bool:
        return bool(await self._session.scalar(select(exists().where(suggestions.c.receipt_hash == receipt_hash))))

    async def lock_content(self, content_hash: bytes) -> None:
        """Serialise submissions of the same content until the transaction ends (no twin slips through)."""
        await self._session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(content_hash[:8], signed=True))))

    async def submitted_since(self, branch_id: uuid.UUID, content_hash: bytes, since: datetime) -> bool:
        c = suggestions.c
        condition = and_(c.branch_id == branch_id, c.content_hash == content_hash, c.submitted_at > since)
        return bool(await self._session.scalar(select(exists().where(condition))))

    async def add_history(self, suggestion_id: uuid.UUID, entry: HistoryEntry) -> None:
        await self._session.execute(
            insert(suggestion_history).values(
                id=uuid.uuid4(), suggestion_id=suggestion_id, step=entry.step, text=entry.text, at=entry.at
            )
        )

    async def history(self, suggestion_id: uuid.UUID) -> list[HistoryEntry]:
        h = suggestion_history.c
        rows = await self._session.execute(
            select(h.step, h.text, h.at).where(h.suggestion_id == suggestion_id).order_by(h.at, h.id)
        )
        return [HistoryEntry(step, text, at) for step, text, at in rows]

    async def page(self, found: SuggestionFilter, page: PageRequest, today: date) -> tuple[list[Suggestion], int]:
        """Open ones first, by the next due day; then the rest, newest first."""
        conditions: list[ColumnElement[bool]] = []
        if found.branch_id is not None:
            conditions.append(suggestions.c.branch_id == found.branch_id)
        if found.branch_ids is not None:
            conditions.append(suggestions.c.branch_id.in_(list(found.branch_ids)))
        if found.proposer_member_id is not None:
            conditions.append(suggestions.c.proposer_member_id == found.proposer_member_id)
        if found.state is not None:
            conditions.append(suggestions.c.state == found.state.value)
        if found.overdue is not None:
            conditions.append(_late(today) if found.overdue else ~_late(today))
        query = (
            select(suggestions)
            .where(and_(True, *conditions))
            .order_by(_next_due().asc().nulls_last(), suggestions.c.submitted_at.desc(), suggestions.c.id)
        )
        rows, total = await paged(self._session, query, page)
        return [suggestion_from_row(row) for row in rows], total

    async def late(self, branch_id: uuid.UUID, today: date) -> list[Suggestion]:
        query = select(suggestions).where(suggestions.c.branch_id == branch_id, _late(today))
        rows = await self._session.execute(query.order_by(_next_due(), suggestions.c.submitted_at))
        return [suggestion_from_row(row) for row in rows]

    # --- the working-day calendar ------------------------------------------------------------

    async def calendar_after(self, day: date) -> dict[date, CalendarDay]:
        """Every day the organisation set after ``day``: enough for any deadline counted from it."""
        c = calendar_days.c
        rows = await self._session.execute(select(c.day, c.working, c.name).where(c.day > day))
        return {found: CalendarDay(found, working, name, DaySource.LOCAL) for found, working, name in rows}

    async def calendar_between(self, first: date, last: date) -> list[CalendarDay]:
        """The days the organisation set from ``first`` to ``last``, in order."""
        c = calendar_days.c
        rows = await self._session.execute(
            select(c.day, c.working, c.name).where(c.day >= first, c.day <= last).order_by(c.day)
        )
        return [CalendarDay(day, working, name, DaySource.LOCAL) for day, working, name in rows]

    async def set_calendar_day(self, configured: CalendarDay) -> None:
        values = {"working": configured.working, "name": configured.name}
        await self._session.execute(
            pg_insert(calendar_days)
            .values(day=configured.day, **values)
            .on_conflict_do_update(index_elements=[calendar_days.c.day], set_=values)
        )

    async def remove_calendar_day(self, day: date) -> bool:
        removed = await self._session.execute(delete(calendar_days).where(calendar_days.c.day == day))
        return bool(removed.rowcount)  # type: ignore[attr-defined]
