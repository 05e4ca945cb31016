"""Members in roster's database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.errors import ConflictError
from bastion_contracts.vocabulary import EducationLevel, Gender, GroupRole, MemberClass, MemberStatus, Stage
from roster.adapters.orm import member_transfers, members
from roster.domain.member import Member, Person, PipelineDates


def member_from_row(row: Any) -> Member:
    return Member(
        id=row.id,
        branch_id=row.branch_id,
        person=Person(
            name=row.name,
            gender=Gender(row.gender),
            birth_date=row.birth_date,
            education=EducationLevel(row.education),
            department=row.department,
            position=row.position,
            employee_number=row.employee_number,
            phone=row.phone,
        ),
        member_class=MemberClass(row.member_class),
        stage=Stage(row.stage),
        pipeline=PipelineDates(
            applied_on=row.applied_on,
            activist_on=row.activist_on,
            candidate_on=row.candidate_on,
            probationary_on=row.probationary_on,
            full_on=row.full_on,
        ),
        registered_at=row.registered_at,
        status=MemberStatus(row.status),
        status_changed_on=row.status_changed_on,
        group_id=row.group_id,
        group_role=GroupRole(row.group_role) if row.group_role else None,
        sponsor_ids=tuple(row.sponsor_ids),
        cultivation_contact_ids=tuple(row.cultivation_contact_ids),
        probation_extension_months=row.probation_extension_months,
        application_talk_on=row.application_talk_on,
        last_activist_review_on=row.last_activist_review_on,
    )


def _values(member: Member) -> dict[str, Any]:
    person, pipeline = member.person, member.pipeline
    return {
        "branch_id": member.branch_id,
        "group_id": member.group_id,
        "group_role": member.group_role.value if member.group_role else None,
        "name": person.name,
        "gender": person.gender.value,
        "birth_date": person.birth_date,
        "education": person.education.value,
        "department": person.department,
        "position": person.position,
        "employee_number": person.employee_number,
        "phone": person.phone,
        "member_class": member.member_class.value,
        "status": member.status.value,
        "status_changed_on": member.status_changed_on,
        "stage": member.stage.value,
        "applied_on": pipeline.applied_on,
        "activist_on": pipeline.activist_on,
        "candidate_on": pipeline.candidate_on,
        "probationary_on": pipeline.probationary_on,
        "full_on": pipeline.full_on,
        "probation_extension_months": member.probation_extension_months,
        "application_talk_on": member.application_talk_on,
        "last_activist_review_on": member.last_activist_review_on,
        "sponsor_ids": list(member.sponsor_ids),
        "cultivation_contact_ids": list(member.cultivation_contact_ids),
    }


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, member_id: uuid.UUID, *, for_update: bool = False) -> Member | None:
        query = select(members).where(members.c.id == member_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return member_from_row(row) if row else None

    async def get_many(self, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Member]:
        if not member_ids:
            return {}
        rows = await self._session.execute(select(members).where(members.c.id.in_(member_ids)))
        return {row.id: member_from_row(row) for row in rows}

    async def in_group(self, group_id: uuid.UUID) -> list[Member]:
        rows = await self._session.execute(select(members).where(members.c.group_id == group_id))
        return [member_from_row(row) for row in rows]

    async def add(self, member: Member) -> None:
        try:
            await self._session.execute(
                insert(members).values(id=member.id, registered_at=member.registered_at, **_values(member))
            )
        except IntegrityError as exc:
            raise _translated(exc, member) from exc

    async def save(self, member: Member) -> None:
        try:
            await self._session.execute(update(members).where(members.c.id == member.id).values(**_values(member)))
        except IntegrityError as exc:
            raise _translated(exc, member) from exc

    async def record_transfer(self, member: Member, from_branch: uuid.UUID, on: date, note: str, now: datetime) -> None:
        await self._session.execute(
            insert(member_transfers).values(
                id=uuid.uuid4(),
                member_id=member.id,
                from_branch_id=from_branch,
                to_branch_id=member.branch_id,
                transferred_on=on,
                note=note,
                recorded_at=now,
            )
        )


def _translated(exc: IntegrityError, member: Member) -> Exception:
    if violated_constraint(exc) == "members_employee_number_uq":
        return ConflictError(f"工号 {member.person.employee_number} 已被登记给另一人", code="duplicate_employee_number")
    return exc
