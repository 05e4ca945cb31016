"""Facts about when things were so, for figures of a past day (domain.md §3: "the organisation as it was").

Each kind is kept so that the rows depend on the set of events only, not on their order:

- status changes, transfers and seat vacancies: one row per event (its id), written once;
- seats held: one row per (branch, role, member, day assigned), from the seat list every committee event
  carries, with the lowest sequence that listed it (the assignment's own event);
- served departments and reserve talents: the addition and the removal each write only their own columns,
  so either may arrive first.

What someone's status, branch or seat was on a day is worked out when read (``scoring.roll``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Table, func
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ReceivedEvent
from bastion.db.bulk import batch_insert, execute_batch
from bastion_contracts import roster as r
from scoring.adapters import orm

Row = dict[str, Any]


def _status_change(e: ReceivedEvent) -> Row:
    p = cast(r.MemberStatusChanged, e.payload)
    return {
        "event_id": e.envelope.id,
        "member_id": p.member.member_id,
        "changed_on": p.changed_on,
        "previous_status": p.previous_status.value,
        "status": p.member.status.value,
        "sequence": e.envelope.sequence,
    }


def _transfer(e: ReceivedEvent) -> Row:
    p = cast(r.MemberTransferred, e.payload)
    return {
        "event_id": e.envelope.id,
        "member_id": p.member.member_id,
        "from_branch_id": p.from_branch_id,
        "to_branch_id": p.to_branch_id,
        "transferred_on": p.transferred_on,
        "sequence": e.envelope.sequence,
    }


def _vacancy(e: ReceivedEvent) -> Row:
    p = cast(r.CommitteeSeatVacated, e.payload)
    return {
        "event_id": e.envelope.id,
        "branch_id": p.branch_id,
        "role": p.role.value,
        "member_id": p.member_id,
        "vacated_on": p.vacated_on,
        "sequence": e.envelope.sequence,
    }


CHANGES: list[tuple[type, Table, Callable[[ReceivedEvent], Row]]] = [
    (r.MemberStatusChanged, orm.f_status_changes, _status_change),
    (r.MemberTransferred, orm.f_transfers, _transfer),
    (r.CommitteeSeatVacated, orm.f_seat_vacancies, _vacancy),
]


def _department(e: ReceivedEvent) -> Row:
    p = e.payload
    if isinstance(p, r.ServedDepartmentAdded):
        return {"department_id": p.department_id, "branch_id": p.branch_id, "added_on": p.added_on}
    p = cast(r.ServedDepartmentRemoved, p)
    return {"department_id": p.department_id, "branch_id": p.branch_id, "removed_on": p.removed_on}


def _talent(e: ReceivedEvent) -> Row:
    p = e.payload
    if isinstance(p, r.ReserveTalentAdded):
        return {"talent_id": p.talent_id, "branch_id": p.branch_id, "birth_date": p.birth_date, "added_on": p.added_on}
    p = cast(r.ReserveTalentRemoved, p)
    # The removal does not repeat the birth date: a placeholder until the addition (which owns it) arrives.
    placeholder = e.envelope.time.date()
    return {"talent_id": p.talent_id, "branch_id": p.branch_id, "birth_date": placeholder, "removed_on": p.removed_on}


# (event type, table, row, the columns this event owns); "removed" follows from a removal day.
SPANS: list[tuple[type, Table, Callable[[ReceivedEvent], Row], tuple[str, ...]]] = [
    (r.ServedDepartmentAdded, orm.f_departments, _department, ("branch_id", "added_on")),
    (r.ServedDepartmentRemoved, orm.f_departments, _department, ("removed", "removed_on")),
    (r.ReserveTalentAdded, orm.f_reserve, _talent, ("branch_id", "birth_date", "added_on")),
    (r.ReserveTalentRemoved, orm.f_reserve, _talent, ("removed", "removed_on")),
]


async def store_changes(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """The batch's changes, seats and spans (any order, any duplicates give the same rows)."""
    for kind, table, record in CHANGES:
        rows = [record(e) for e in events if isinstance(e.payload, kind)]
        if rows:
            await execute_batch(session, batch_insert(table, list(rows[0])).on_conflict_do_nothing(), rows)
    await _store_seats(session, events)
    for kind, table, span, owned in SPANS:
        await _merge(session, table, [e for e in events if isinstance(e.payload, kind)], span, owned)


async def _store_seats(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Every seat a committee event lists as held, once per assignment, with the lowest sequence listing it."""
    lowest: dict[tuple[Any, ...], Row] = {}
    for event in events:
        if not isinstance(event.payload, r.COMMITTEE_EVENTS):
            continue
        for seat in event.payload.seats:
            key = (event.payload.branch_id, seat.role.value, seat.member_id, seat.assigned_on)
            if key not in lowest or event.envelope.sequence < lowest[key]["sequence"]:
                names = ("branch_id", "role", "member_id", "assigned_on")
                lowest[key] = dict(zip(names, key, strict=True)) | {"sequence": event.envelope.sequence}
    if not lowest:
        return
    table = orm.f_seat_assignments
    rows = [lowest[key] for key in sorted(lowest, key=str)]
    statement = batch_insert(table, list(rows[0]))
    statement = statement.on_conflict_do_update(
        index_elements=[c.name for c in table.primary_key.columns],
        set_={"sequence": func.least(table.c.sequence, statement.excluded.sequence)},
    )
    await execute_batch(session, statement, rows)


async def _merge(
    session: AsyncSession,
    table: Table,
    events: list[ReceivedEvent],
    span: Callable[[ReceivedEvent], Row],
    owned: tuple[str, ...],
) -> None:
    """Insert each row, or set only the columns its kind of event owns (the other kind owns the rest)."""
    if not events:
        return
    key = next(iter(table.primary_key.columns)).name
    by_key: dict[Any, Row] = {}
    for event in sorted(events, key=lambda e: e.envelope.sequence):
        row = span(event)
        by_key[row[key]] = {
            "added_on": None,
            "removed_on": None,
            **row,
            "removed": row.get("removed_on") is not None,
            "sequence": event.envelope.sequence,
        }
    rows = [by_key[k] for k in sorted(by_key, key=str)]
    statement = batch_insert(table, list(rows[0]))
    set_ = {name: statement.excluded[name] for name in owned}
    statement = statement.on_conflict_do_update(
        index_elements=[key], set_=set_ | {"sequence": func.greatest(table.c.sequence, statement.excluded.sequence)}
    )
    await execute_batch(session, statement, rows)
