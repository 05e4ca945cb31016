"""A branch's assessment inputs from the live projection: one query per kind of fact, none per member.

The period is 1 January to ``as_of`` in the organisation's time zone; times are compared with the
period's bounds in that zone, days (closed_on, awarded_on, decided_on) with its first and last day.
The organisation is taken as it was (domain.md §3): the people on the roll on ``as_of`` at the stage
they had reached, the committee seated then, the reserve talents then, and the party groups and served
departments that existed in the period with the days they did.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Uuid, and_, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.db.bulk import any_array
from scoring.adapters.orm import (
    f_activist_reviews,
    f_activities,
    f_attendance,
    f_branch_recognitions,
    f_departments,
    f_discipline,
    f_honours,
    f_member_talks,
    f_qc_projects,
    f_ratings,
    f_reserve,
    f_service_records,
    f_suggestions,
    f_units,
)
from scoring.assessment import AssessmentInputs, HeldActivity, Person, Recognition, Record, Suggestion, Visit
from scoring.period import Period, Span
from scoring.roll.queries import roll_on, seats_on

HELD_STATES = ("held", "approved", "returned")
ATTENDED = ("present", "late")


async def branch_name(connection: AsyncConnection, branch_id: uuid.UUID) -> str | None:
    """The branch's name, or None if the projection knows no branch by that id."""
    found = await connection.scalar(
        select(f_units.c.name).where(f_units.c.org_unit_id == branch_id, f_units.c.kind == "branch")
    )
    return None if found is None else str(found)


async def branches_at_or_below(
    connection: AsyncConnection, unit_id: uuid.UUID, period: Period
) -> list[tuple[uuid.UUID, str]] | None:
    """The branches that are ``unit_id`` or lie below it and existed in the period; None if the unit is unknown."""
    if await connection.scalar(select(f_units.c.kind).where(f_units.c.org_unit_id == unit_id)) is None:
        return None
    rows = await connection.execute(
        select(f_units.c.org_unit_id, f_units.c.name).where(
            f_units.c.kind == "branch",
            _existed(period),
            or_(f_units.c.org_unit_id == unit_id, f_units.c.ancestor_ids.contains([unit_id])),
        )
    )
    return [(row.org_unit_id, row.name) for row in rows]


def _existed(period: Period) -> ColumnElement[bool]:
    """An org unit set up by ``as_of`` (or on a day not recorded) and not dissolved before the period began;
    a unit dissolved on a day not recorded (older facts) counts as gone."""
    u = f_units.c
    set_up = or_(u.established_on.is_(None), u.established_on <= period.as_of)
    return and_(set_up, or_(u.dissolved.is_(False), u.dissolved_on >= period.first_day))


async def people(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> tuple[Person, ...]:
    """The people on the branch's roll on as_of, at their stage then, with their last activist review and
    whether their application talk was held (by as_of)."""
    on_roll = await roll_on(connection, branch_id, period.as_of)
    ids = [h.member_id for h in on_roll]
    r, t = f_activist_reviews.c, f_member_talks.c
    reviews = await connection.execute(
        select(r.member_id, func.max(r.reviewed_on).label("last_review_on"))
        .where(r.member_id == any_array(ids, Uuid), r.reviewed_on <= period.as_of)
        .group_by(r.member_id)
    )
    last_review = {row.member_id: row.last_review_on for row in reviews}
    with_talk = set(
        await connection.scalars(
            select(t.member_id).where(t.member_id == any_array(ids, Uuid), t.held_on <= period.as_of)
        )
    )
    return tuple(
        Person(
            h.member_id,
            h.name,
            h.stage_on(period.as_of) or h.stage,
            h.birth_date,
            h.education,
            applied_on=h.stage_dates.get("applicant"),
            activist_on=h.stage_dates.get("activist"),
            probation_ends_on=h.probation_ends_on,
            last_review_on=last_review.get(h.member_id),
            talk_held=h.member_id in with_talk,
        )
        for h in on_roll
    )


async def groups(
    connection: AsyncConnection, branch_id: uuid.UUID, period: Period
) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, Span]]:
    """The branch's party groups that existed in the period, and when each did."""
    u = f_units.c
    rows = await connection.execute(
        select(u.org_unit_id, u.name, u.established_on, u.dissolved_on)
        .where(u.parent_id == branch_id, u.kind == "party_group", _existed(period))
        .order_by(u.name)
    )
    found = rows.all()
    spans = {row.org_unit_id: Span(row.established_on, row.dissolved_on) for row in found}
    return {row.org_unit_id: row.name for row in found}, spans


async def activities(
    connection: AsyncConnection, branch_id: uuid.UUID, group_ids: list[uuid.UUID], period: Period
) -> tuple[HeldActivity, ...]:
    """Held in the period, organised by the branch or (group meetings) by one of its groups."""
    a = f_activities.c
    by_branch = or_(a.organiser_id == branch_id, and_(a.kind == "group_meeting", a.organiser_id.in_(group_ids)))
    rows = await connection.execute(
        select(a.activity_id, a.kind, a.subtype, a.organiser_id, a.held_start, a.approved_at, a.lecturer_id)
        .add_columns(a.five_services)
        .where(a.branch_id == branch_id, a.state.in_(HELD_STATES), period.covers(a.held_start), by_branch)
        .order_by(a.held_start)
    )
    return tuple(
        HeldActivity(
            row.activity_id,
            row.kind,
            row.organiser_id,
            row.held_start,
            period.day(row.held_start),
            row.subtype,
            row.approved_at,
            row.lecturer_id,
            tuple(row.five_services),
        )
        for row in rows
    )


async def talked(connection: AsyncConnection, member_ids: list[uuid.UUID], period: Period) -> frozenset[uuid.UUID]:
    """Those of ``member_ids`` present (or late) at a heart-to-heart talk held in the period."""
    a, t = f_activities.c, f_attendance.c
    rows = await connection.scalars(
        select(t.member_id)
        .distinct()
        .select_from(f_attendance.join(f_activities, a.activity_id == t.activity_id))
        .where(a.kind == "heart_to_heart_talk", a.state.in_(HELD_STATES), period.covers(a.held_start))
        .where(t.state.in_(ATTENDED), t.member_id == any_array(member_ids, Uuid))
    )
    return frozenset(rows)


async def directory(
    connection: AsyncConnection, branch_id: uuid.UUID, period: Period
) -> tuple[tuple[Record, ...], dict[uuid.UUID, Span]]:
    """The reserve talents on the list on as_of, and the departments served in the period with when."""
    r, d = f_reserve.c, f_departments.c
    talents = await connection.execute(
        select(r.talent_id, r.birth_date).where(
            r.branch_id == branch_id,
            or_(r.added_on.is_(None), r.added_on <= period.as_of),
            or_(r.removed.is_(False), r.removed_on >= period.as_of),
        )
    )
    departments = await connection.execute(
        select(d.department_id, d.added_on, d.removed_on)
        .where(d.branch_id == branch_id, or_(d.added_on.is_(None), d.added_on <= period.as_of))
        .where(or_(d.removed.is_(False), d.removed_on >= period.first_day))
        .order_by(d.department_id)
    )
    served = {row.department_id: Span(row.added_on, row.removed_on) for row in departments}
    return tuple(Record(row.talent_id, row.birth_date) for row in talents), served


async def visits(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> tuple[Visit, ...]:
    s = f_service_records.c
    rows = await connection.execute(
        select(s.record_id, s.served_at, s.department_ids)
        .where(s.branch_id == branch_id, s.kind == "door_to_door_visit", period.covers(s.served_at))
        .order_by(s.served_at)
    )
    return tuple(Visit(row.record_id, period.day(row.served_at), tuple(row.department_ids)) for row in rows)


async def ratings(
    connection: AsyncConnection, branch_id: uuid.UUID, period: Period
) -> tuple[dict[tuple[str, str], int], frozenset[int]]:
    """Ratings per (respondent group, answer); months with a rating or suggestion from the public page."""
    r, s = f_ratings.c, f_suggestions.c
    counted = await connection.execute(
        select(r.respondent_group, r.answer, func.count())
        .where(r.branch_id == branch_id, period.covers(r.submitted_at))
        .group_by(r.respondent_group, r.answer)
    )

    def month(column: Any) -> Any:
        return func.extract("month", func.timezone(period.timezone, column))

    public = union(
        select(month(r.submitted_at)).where(
            r.branch_id == branch_id, r.channel == "public", period.covers(r.submitted_at)
        ),
        select(month(s.submitted_at)).where(
            s.branch_id == branch_id, s.channel == "public", period.covers(s.submitted_at)
        ),
    )
    months = await connection.scalars(public)
    return {(group, answer): int(n) for group, answer, n in counted}, frozenset(int(m) for m in months)


async def suggestions(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> tuple[Suggestion, ...]:
    """Suggestions submitted in the period, with their deadline and decision."""
    s = f_suggestions.c
    rows = await connection.execute(
        select(s.suggestion_id, s.decide_due, s.decided_at, s.decision)
        .where(s.branch_id == branch_id, period.covers(s.submitted_at))
        .order_by(s.submitted_at)
    )
    return tuple(
        Suggestion(
            row.suggestion_id, row.decide_due, period.day(row.decided_at) if row.decided_at else None, row.decision
        )
        for row in rows
    )


async def records(
    connection: AsyncConnection, branch_id: uuid.UUID, period: Period
) -> tuple[tuple[Record, ...], tuple[Record, ...], tuple[Record, ...]]:
    """QC projects closed, the branch's honours, and its members' disciplinary cases, in the period."""
    q, h, d = f_qc_projects.c, f_honours.c, f_discipline.c
    closed = await connection.execute(
        select(q.project_id, q.closed_on).where(q.branch_id == branch_id, period.covers_day(q.closed_on))
    )
    honours = await connection.execute(
        select(h.honour_id, h.awarded_on, h.level)
        .where(h.branch_id == branch_id, h.subject_kind == "branch", period.covers_day(h.awarded_on))
        .order_by(h.awarded_on)
    )
    cases = await connection.execute(
        select(d.record_id, d.decided_on, d.level, d.member_id)
        .where(d.branch_id == branch_id, period.covers_day(d.decided_on))
        .order_by(d.decided_on)
    )
    return (
        tuple(Record(*row) for row in closed),
        tuple(Record(*row) for row in honours),
        tuple(Record(*row) for row in cases),
    )


async def recognitions(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> tuple[Recognition, ...]:
    """The committee's recognitions of the branch (创新成果, 经验推广) in the period."""
    g = f_branch_recognitions.c
    rows = await connection.execute(
        select(g.recognition_id, g.recognised_on, g.kind, g.title)
        .where(g.branch_id == branch_id, period.covers_day(g.recognised_on))
        .order_by(g.recognised_on, g.recognition_id)
    )
    return tuple(Recognition(*row) for row in rows)


async def load(connection: AsyncConnection, branch_id: uuid.UUID, name: str, period: Period) -> AssessmentInputs:
    """Everything but the member totals (they come from the score cards)."""
    units, group_spans = await groups(connection, branch_id, period)
    reserve, departments = await directory(connection, branch_id, period)
    counts, public_months = await ratings(connection, branch_id, period)
    qc_closed, honours, discipline = await records(connection, branch_id, period)
    people_then = await people(connection, branch_id, period)
    return AssessmentInputs(
        branch_id=branch_id,
        name=name,
        year=period.year,
        as_of=period.as_of,
        people=people_then,
        groups=units,
        seats=await seats_on(connection, branch_id, period.as_of),
        reserve=reserve,
        activities=await activities(connection, branch_id, list(units), period),
        talked=await talked(connection, [p.member_id for p in people_then], period),
        departments=tuple(departments),
        visits=await visits(connection, branch_id, period),
        qc_closed=qc_closed,
        ratings=counts,
        public_months=public_months,
        suggestions=await suggestions(connection, branch_id, period),
        honours=honours,
        discipline=discipline,
        spans=group_spans | departments,
        recognitions=await recognitions(connection, branch_id, period),
    )
