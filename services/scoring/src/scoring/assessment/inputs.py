"""A branch's assessment inputs from the live projection: one query per kind of fact, none per member.

The period is 1 January to ``as_of`` in the organisation's time zone; times are compared with the
period's bounds in that zone, days (closed_on, awarded_on, decided_on) with its first and last day.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncConnection

from scoring.adapters.orm import (
    f_activist_reviews,
    f_activities,
    f_attendance,
    f_branch_recognitions,
    f_committees,
    f_departments,
    f_discipline,
    f_honours,
    f_member_talks,
    f_members,
    f_qc_projects,
    f_ratings,
    f_reserve,
    f_service_records,
    f_suggestions,
    f_units,
)
from scoring.assessment import AssessmentInputs, HeldActivity, Person, Recognition, Record, Suggestion, Visit
from scoring.period import Window

HELD_STATES = ("held", "approved", "returned")
ATTENDED = ("present", "late")


async def branch_name(connection: AsyncConnection, branch_id: uuid.UUID) -> str | None:
    """The branch's name, or None if the projection knows no branch by that id."""
    found = await connection.scalar(
        select(f_units.c.name).where(f_units.c.org_unit_id == branch_id, f_units.c.kind == "branch")
    )
    return None if found is None else str(found)


async def branches_at_or_below(connection: AsyncConnection, unit_id: uuid.UUID) -> list[tuple[uuid.UUID, str]] | None:
    """The branches (not dissolved) that are ``unit_id`` or lie below it; None if the unit is unknown."""
    if await connection.scalar(select(f_units.c.kind).where(f_units.c.org_unit_id == unit_id)) is None:
        return None
    rows = await connection.execute(
        select(f_units.c.org_unit_id, f_units.c.name).where(
            f_units.c.kind == "branch",
            f_units.c.dissolved.is_(False),
            or_(f_units.c.org_unit_id == unit_id, f_units.c.ancestor_ids.contains([unit_id])),
        )
    )
    return [(row.org_unit_id, row.name) for row in rows]


def _branch_people(branch_id: uuid.UUID) -> Any:
    return select(f_members.c.member_id).where(f_members.c.branch_id == branch_id)


async def people(connection: AsyncConnection, branch_id: uuid.UUID, window: Window) -> tuple[Person, ...]:
    """The active people of the branch with their last activist review and whether the talk was held (by as_of)."""
    reviews = (
        select(f_activist_reviews.c.member_id, func.max(f_activist_reviews.c.reviewed_on).label("last_review_on"))
        .where(f_activist_reviews.c.member_id.in_(_branch_people(branch_id)))
        .where(f_activist_reviews.c.reviewed_on <= window.as_of)
        .group_by(f_activist_reviews.c.member_id)
        .subquery()
    )
    talks = select(f_member_talks.c.member_id).where(f_member_talks.c.held_on <= window.as_of).subquery()
    m = f_members.c
    rows = await connection.execute(
        select(m.member_id, m.name, m.stage, m.birth_date, m.education, m.applied_on, m.activist_on)
        .add_columns(m.probation_ends_on, reviews.c.last_review_on, talks.c.member_id.is_not(None).label("talk_held"))
        .select_from(f_members.outerjoin(reviews, reviews.c.member_id == m.member_id))
        .outerjoin(talks, talks.c.member_id == m.member_id)
        .where(m.branch_id == branch_id, m.status == "active")
        .order_by(m.name)
    )
    return tuple(Person(**row._mapping) for row in rows)


async def groups(connection: AsyncConnection, branch_id: uuid.UUID) -> dict[uuid.UUID, str]:
    u = f_units.c
    rows = await connection.execute(
        select(u.org_unit_id, u.name)
        .where(u.parent_id == branch_id, u.kind == "party_group", u.dissolved.is_(False))
        .order_by(u.name)
    )
    return {row.org_unit_id: row.name for row in rows}


async def seats(connection: AsyncConnection, branch_id: uuid.UUID) -> tuple[tuple[str, uuid.UUID], ...]:
    found = await connection.scalar(select(f_committees.c.seats).where(f_committees.c.branch_id == branch_id))
    return tuple((str(seat["role"]), uuid.UUID(str(seat["member_id"]))) for seat in found or [])


async def activities(
    connection: AsyncConnection, branch_id: uuid.UUID, group_ids: list[uuid.UUID], window: Window
) -> tuple[HeldActivity, ...]:
    """Held in the period, organised by the branch or (group meetings) by one of its groups."""
    a = f_activities.c
    by_branch = or_(a.organiser_id == branch_id, and_(a.kind == "group_meeting", a.organiser_id.in_(group_ids)))
    rows = await connection.execute(
        select(a.activity_id, a.kind, a.subtype, a.organiser_id, a.held_start, a.approved_at, a.lecturer_id)
        .add_columns(a.five_services)
        .where(a.branch_id == branch_id, a.state.in_(HELD_STATES), window.covers(a.held_start), by_branch)
        .order_by(a.held_start)
    )
    return tuple(
        HeldActivity(
            row.activity_id,
            row.kind,
            row.organiser_id,
            row.held_start,
            window.day(row.held_start),
            row.subtype,
            row.approved_at,
            row.lecturer_id,
            tuple(row.five_services),
        )
        for row in rows
    )


async def talked(connection: AsyncConnection, branch_id: uuid.UUID, window: Window) -> frozenset[uuid.UUID]:
    """The branch's people present (or late) at a heart-to-heart talk held in the period."""
    a, t = f_activities.c, f_attendance.c
    rows = await connection.scalars(
        select(t.member_id)
        .distinct()
        .select_from(f_attendance.join(f_activities, a.activity_id == t.activity_id))
        .where(a.kind == "heart_to_heart_talk", a.state.in_(HELD_STATES), window.covers(a.held_start))
        .where(t.state.in_(ATTENDED), t.member_id.in_(_branch_people(branch_id)))
    )
    return frozenset(rows)


async def directory(
    connection: AsyncConnection, branch_id: uuid.UUID
) -> tuple[tuple[Record, ...], tuple[uuid.UUID, ...]]:
    """The reserve talents (not removed) and the served departments (not removed)."""
    r, d = f_reserve.c, f_departments.c
    talents = await connection.execute(
        select(r.talent_id, r.birth_date).where(r.branch_id == branch_id, r.removed.is_(False))
    )
    departments = await connection.scalars(
        select(d.department_id).where(d.branch_id == branch_id, d.removed.is_(False)).order_by(d.department_id)
    )
    return tuple(Record(row.talent_id, row.birth_date) for row in talents), tuple(departments)


async def visits(connection: AsyncConnection, branch_id: uuid.UUID, window: Window) -> tuple[Visit, ...]:
    s = f_service_records.c
    rows = await connection.execute(
        select(s.record_id, s.served_at, s.department_ids)
        .where(s.branch_id == branch_id, s.kind == "door_to_door_visit", window.covers(s.served_at))
        .order_by(s.served_at)
    )
    return tuple(Visit(row.record_id, window.day(row.served_at), tuple(row.department_ids)) for row in rows)


async def ratings(
    connection: AsyncConnection, branch_id: uuid.UUID, window: Window
) -> tuple[dict[tuple[str, str], int], frozenset[int]]:
    """Ratings per (respondent group, answer); months with a rating or suggestion from the public page."""
    r, s = f_ratings.c, f_suggestions.c
    counted = await connection.execute(
        select(r.respondent_group, r.answer, func.count())
        .where(r.branch_id == branch_id, window.covers(r.submitted_at))
        .group_by(r.respondent_group, r.answer)
    )

    def month(column: Any) -> Any:
        return func.extract("month", func.timezone(window.timezone, column))

    public = union(
        select(month(r.submitted_at)).where(
            r.branch_id == branch_id, r.channel == "public", window.covers(r.submitted_at)
        ),
        select(month(s.submitted_at)).where(
            s.branch_id == branch_id, s.channel == "public", window.covers(s.submitted_at)
        ),
    )
    months = await connection.scalars(public)
    return {(group, answer): int(n) for group, answer, n in counted}, frozenset(int(m) for m in months)


async def suggestions(connection: AsyncConnection, branch_id: uuid.UUID, window: Window) -> tuple[Suggestion, ...]:
    """Suggestions submitted in the period, with their deadline and decision."""
    s = f_suggestions.c
    rows = await connection.execute(
        select(s.suggestion_id, s.decide_due, s.decided_at, s.decision)
        .where(s.branch_id == branch_id, window.covers(s.submitted_at))
        .order_by(s.submitted_at)
    )
    return tuple(
        Suggestion(
            row.suggestion_id, row.decide_due, window.day(row.decided_at) if row.decided_at else None, row.decision
        )
        for row in rows
    )


async def records(
    connection: AsyncConnection, branch_id: uuid.UUID, window: Window
) -> tuple[tuple[Record, ...], tuple[Record, ...], tuple[Record, ...]]:
    """QC projects closed, the branch's honours, and its members' disciplinary cases, in the period."""
    q, h, d = f_qc_projects.c, f_honours.c, f_discipline.c
    closed = await connection.execute(
        select(q.project_id, q.closed_on).where(q.branch_id == branch_id, window.covers_day(q.closed_on))
    )
    honours = await connection.execute(
        select(h.honour_id, h.awarded_on, h.level)
        .where(h.branch_id == branch_id, h.subject_kind == "branch", window.covers_day(h.awarded_on))
        .order_by(h.awarded_on)
    )
    cases = await connection.execute(
        select(d.record_id, d.decided_on, d.level, d.member_id)
        .where(d.branch_id == branch_id, window.covers_day(d.decided_on))
        .order_by(d.decided_on)
    )
    return (
        tuple(Record(*row) for row in closed),
        tuple(Record(*row) for row in honours),
        tuple(Record(*row) for row in cases),
    )


async def recognitions(connection: AsyncConnection, branch_id: uuid.UUID, window: Window) -> tuple[Recognition, ...]:
    """The committee's recognitions of the branch (创新成果, 经验推广) in the period."""
    g = f_branch_recognitions.c
    rows = await connection.execute(
        select(g.recognition_id, g.recognised_on, g.kind, g.title)
        .where(g.branch_id == branch_id, window.covers_day(g.recognised_on))
        .order_by(g.recognised_on, g.recognition_id)
    )
    return tuple(Recognition(*row) for row in rows)


async def load(connection: AsyncConnection, branch_id: uuid.UUID, name: str, window: Window) -> AssessmentInputs:
    """Everything but the member totals (they come from the score cards)."""
    units = await groups(connection, branch_id)
    reserve, departments = await directory(connection, branch_id)
    counts, public_months = await ratings(connection, branch_id, window)
    qc_closed, honours, discipline = await records(connection, branch_id, window)
    return AssessmentInputs(
        branch_id=branch_id,
        name=name,
        year=window.year,
        as_of=window.as_of,
        people=await people(connection, branch_id, window),
        groups=units,
        seats=await seats(connection, branch_id),
        reserve=reserve,
        activities=await activities(connection, branch_id, list(units), window),
        talked=await talked(connection, branch_id, window),
        departments=departments,
        visits=await visits(connection, branch_id, window),
        qc_closed=qc_closed,
        ratings=counts,
        public_months=public_months,
        suggestions=await suggestions(connection, branch_id, window),
        honours=honours,
        discipline=discipline,
        recognitions=await recognitions(connection, branch_id, window),
    )
