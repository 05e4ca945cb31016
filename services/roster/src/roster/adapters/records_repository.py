"""Dues payments, honours, branch recognitions and disciplinary records."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.db.paging import PageRequest, paged
from bastion.errors import ConflictError
from bastion_contracts.vocabulary import BranchRecognitionKind, DisciplineLevel, HonourLevel, SubjectKind
from roster.adapters.orm import branch_recognitions, discipline_records, dues_payments, honours
from roster.domain.records import BranchRecognition, DisciplineRecord, DuesPayment, Honour


def _payment(row: Any) -> DuesPayment:
    return DuesPayment(row.id, row.member_id, row.branch_id, row.month, row.amount_fen, row.paid_on)


def _honour(row: Any) -> Honour:
    return Honour(
        id=row.id,
        subject_kind=SubjectKind(row.subject_kind),
        member_id=row.member_id,
        branch_id=row.branch_id,
        level=HonourLevel(row.level),
        title=row.title,
        awarded_on=row.awarded_on,
    )


def _recognition(row: Any) -> BranchRecognition:
    return BranchRecognition(row.id, row.branch_id, BranchRecognitionKind(row.kind), row.title, row.recognised_on)


def _discipline(row: Any) -> DisciplineRecord:
    return DisciplineRecord(
        id=row.id,
        member_id=row.member_id,
        branch_id=row.branch_id,
        level=DisciplineLevel(row.level),
        decided_on=row.decided_on,
        reason=row.reason,
        criminal_conviction=row.criminal_conviction,
    )


class RecordsRepository:
    """Dues payments (one per member and month), honours and disciplinary records."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_dues(self, payment: DuesPayment) -> None:
        try:
            await self._session.execute(
                insert(dues_payments).values(
                    id=payment.id,
                    member_id=payment.member_id,
                    branch_id=payment.branch_id,
                    month=payment.month,
                    amount_fen=payment.amount_fen,
                    paid_on=payment.paid_on,
                )
            )
        except IntegrityError as exc:
            if violated_constraint(exc) == "dues_payments_member_month_uq":
                raise ConflictError(f"{payment.month} 的党费已经交过", code="dues_already_paid") from exc
            raise

    async def get_dues(self, payment_id: uuid.UUID) -> DuesPayment | None:
        row = (await self._session.execute(select(dues_payments).where(dues_payments.c.id == payment_id))).one_or_none()
        return _payment(row) if row else None

    async def dues_of(self, member_id: uuid.UUID, year: int) -> list[DuesPayment]:
        """The member's payments for months of ``year``, in month order."""
        rows = await self._session.execute(
            select(dues_payments)
            .where(
                dues_payments.c.member_id == member_id,
                dues_payments.c.month.between(f"{year:04d}-01", f"{year:04d}-12"),
            )
            .order_by(dues_payments.c.month)
        )
        return [_payment(row) for row in rows]

    async def add_honour(self, honour: Honour) -> None:
        await self._session.execute(
            insert(honours).values(
                id=honour.id,
                subject_kind=honour.subject_kind.value,
                member_id=honour.member_id,
                branch_id=honour.branch_id,
                level=honour.level.value,
                title=honour.title,
                awarded_on=honour.awarded_on,
            )
        )

    async def get_honour(self, honour_id: uuid.UUID) -> Honour | None:
        row = (await self._session.execute(select(honours).where(honours.c.id == honour_id))).one_or_none()
        return _honour(row) if row else None

    async def list_honours(
        self,
        page: PageRequest,
        *,
        branch_id: uuid.UUID | None = None,
        member_id: uuid.UUID | None = None,
        year: int | None = None,
        branch_ids: Collection[uuid.UUID] | None = None,
    ) -> tuple[list[Honour], int]:
        """Honours, newest first; a branch's include those of its members. ``branch_ids`` narrows to
        those branches (a secretary's view)."""
        conditions: list[ColumnElement[bool]] = []
        if branch_id is not None:
            conditions.append(honours.c.branch_id == branch_id)
        if branch_ids is not None:
            conditions.append(honours.c.branch_id.in_(branch_ids))
        if member_id is not None:
            conditions.append(honours.c.member_id == member_id)
        if year is not None:
            conditions.append(honours.c.awarded_on.between(date(year, 1, 1), date(year, 12, 31)))
        query = (
            select(honours)
            .where(and_(True, *conditions))
            .order_by(honours.c.awarded_on.desc(), honours.c.title, honours.c.id)
        )
        rows, total = await paged(self._session, query, page)
        return [_honour(row) for row in rows], total

    async def add_recognition(self, recognition: BranchRecognition) -> None:
        await self._session.execute(
            insert(branch_recognitions).values(
                id=recognition.id,
                branch_id=recognition.branch_id,
                kind=recognition.kind.value,
                title=recognition.title,
                recognised_on=recognition.recognised_on,
            )
        )

    async def get_recognition(self, recognition_id: uuid.UUID) -> BranchRecognition | None:
        query = select(branch_recognitions).where(branch_recognitions.c.id == recognition_id)
        row = (await self._session.execute(query)).one_or_none()
        return _recognition(row) if row else None

    async def recognitions_of(self, branch_id: uuid.UUID, year: int | None = None) -> list[BranchRecognition]:
        """The branch's recognitions, newest first; of one year if ``year``."""
        r = branch_recognitions.c
        query = select(branch_recognitions).where(r.branch_id == branch_id)
        if year is not None:
            query = query.where(r.recognised_on.between(date(year, 1, 1), date(year, 12, 31)))
        rows = await self._session.execute(query.order_by(r.recognised_on.desc(), r.title, r.id))
        return [_recognition(row) for row in rows]

    async def add_discipline(self, record: DisciplineRecord) -> None:
        await self._session.execute(
            insert(discipline_records).values(
                id=record.id,
                member_id=record.member_id,
                branch_id=record.branch_id,
                level=record.level.value,
                decided_on=record.decided_on,
                reason=record.reason,
                criminal_conviction=record.criminal_conviction,
            )
        )

    async def get_discipline(self, record_id: uuid.UUID) -> DisciplineRecord | None:
        query = select(discipline_records).where(discipline_records.c.id == record_id)
        row = (await self._session.execute(query)).one_or_none()
        return _discipline(row) if row else None

    async def discipline_of(self, member_id: uuid.UUID) -> list[DisciplineRecord]:
        """The member's sanctions, oldest first."""
        rows = await self._session.execute(
            select(discipline_records)
            .where(discipline_records.c.member_id == member_id)
            .order_by(discipline_records.c.decided_on, discipline_records.c.id)
        )
        return [_discipline(row) for row in rows]
