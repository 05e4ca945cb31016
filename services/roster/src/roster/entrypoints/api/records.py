"""Records scoring needs: dues (党费), honours (表彰) and disciplinary sanctions (党纪处分)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from bastion.clock import local_today
from bastion.errors import NotFoundError
from bastion.http import RuntimeDep
from roster.domain.records import unpaid_months
from roster.entrypoints.api.dependencies import ContextDep, PageDep
from roster.entrypoints.api.schemas.common import Page
from roster.entrypoints.api.schemas.records import (
    DisciplineChanged,
    DisciplineCreate,
    DisciplinePublic,
    DuesPaymentChanged,
    DuesPaymentCreate,
    DuesPaymentPublic,
    DuesPaymentRecord,
    DuesYear,
    HonourChanged,
    HonourCreate,
    HonourPublic,
)
from roster.service_layer import records
from roster.service_layer.lookups import member_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter()

Year = Annotated[int, Query(ge=1900, le=2200, description="Calendar year, e.g. 2026")]


@router.post("/members/{member_id}/dues", status_code=status.HTTP_201_CREATED, tags=["dues"])
async def pay_dues(member_id: uuid.UUID, body: DuesPaymentCreate, context: ContextDep) -> DuesPaymentChanged:
    """Record one month's dues (交纳党费) of a Party member (probationary or full, active).

    One payment per month; not for a month before the member joined, nor more than 12 months
    ahead; ``paid_on`` (default today) not in the future. Emits ``bastion.roster.dues.paid.v1``.
    """
    command = records.PayDues(month=body.month, amount=body.amount, paid_on=body.paid_on)
    done = await records.pay_dues(member_id, command, context)
    payment = done.value
    return DuesPaymentChanged(
        **DuesPaymentPublic.of(payment).model_dump(),
        id=payment.id,
        member_id=payment.member_id,
        branch_id=payment.branch_id,
        event_ids=done.event_ids,
    )


@router.get("/dues-payments/{payment_id}", tags=["dues"], responses={404: {"description": "No such payment"}})
async def get_dues_payment(payment_id: uuid.UUID, runtime: RuntimeDep) -> DuesPaymentRecord:
    """One dues payment."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        payment = await uow.records.get_dues(payment_id)
    if payment is None:
        raise NotFoundError(f"没有这笔党费记录：{payment_id}", code="dues_payment_not_found")
    return DuesPaymentRecord(
        **DuesPaymentPublic.of(payment).model_dump(),
        id=payment.id,
        member_id=payment.member_id,
        branch_id=payment.branch_id,
    )


@router.get("/members/{member_id}/dues", tags=["dues"])
async def dues_of_year(member_id: uuid.UUID, runtime: RuntimeDep, year: Year | None = None) -> DuesYear:
    """A member's dues in a year (default this year): the payments, and the ended months left unpaid."""
    today = local_today(runtime.settings.timezone)
    year = year or today.year
    async with RosterUnitOfWork(runtime.sessions) as uow:
        member = await member_at(uow, member_id)
        payments = await uow.records.dues_of(member_id, year)
    paid = {payment.month for payment in payments}
    return DuesYear(
        year=year,
        paid=[DuesPaymentPublic.of(payment) for payment in payments],
        unpaid_months=unpaid_months(member, year, paid, today),
    )


@router.post("/honours", status_code=status.HTTP_201_CREATED, tags=["honours"])
async def record_honour(body: HonourCreate, context: ContextDep, response: Response) -> HonourChanged:
    """Record an honour (表彰) for a member or a branch, at factory, provincial or national level.

    A member's honour counts for their branch too. Emits ``bastion.roster.honour.recorded.v1``.
    """
    command = records.RecordHonour(
        subject_kind=body.subject_kind,
        member_id=body.member_id,
        branch_id=body.branch_id,
        level=body.level,
        title=body.title,
        awarded_on=body.awarded_on,
    )
    done = await records.record_honour(command, context)
    response.headers["Location"] = f"/honours/{done.value.id}"
    return HonourChanged(**HonourPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("/honours", tags=["honours"])
async def list_honours(
    runtime: RuntimeDep,
    page: PageDep,
    branch_id: Annotated[uuid.UUID | None, Query(description="A branch: its own honours and its members'")] = None,
    member_id: uuid.UUID | None = None,
    year: Year | None = None,
) -> Page[HonourPublic]:
    """Honours, newest first; filter by branch, member or year awarded."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        found, total = await uow.records.list_honours(page, branch_id=branch_id, member_id=member_id, year=year)
    return Page(items=[HonourPublic.of(h) for h in found], total=total, page=page.page, page_size=page.page_size)


@router.get("/honours/{honour_id}", tags=["honours"], responses={404: {"description": "No such honour"}})
async def get_honour(honour_id: uuid.UUID, runtime: RuntimeDep) -> HonourPublic:
    """One honour."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        honour = await uow.records.get_honour(honour_id)
    if honour is None:
        raise NotFoundError(f"没有这条表彰记录：{honour_id}", code="honour_not_found")
    return HonourPublic.of(honour)


@router.post("/members/{member_id}/discipline", status_code=status.HTTP_201_CREATED, tags=["discipline"])
async def record_discipline(member_id: uuid.UUID, body: DisciplineCreate, context: ContextDep) -> DisciplineChanged:
    """Record a disciplinary sanction (党纪处分) on an active Party member.

    ``expulsion`` (开除党籍) also changes the member's status to ``expelled`` in the same
    transaction: two events, ``bastion.roster.discipline.recorded.v1`` and
    ``bastion.roster.member.status_changed.v1``.
    """
    command = records.RecordDiscipline(
        level=body.level, decided_on=body.decided_on, reason=body.reason, criminal_conviction=body.criminal_conviction
    )
    done = await records.record_discipline(member_id, command, context)
    return DisciplineChanged(
        **DisciplinePublic.of(done.value.record).model_dump(),
        member_status=done.value.member_status,
        event_ids=done.event_ids,
    )


@router.get("/members/{member_id}/discipline", tags=["discipline"])
async def list_discipline(member_id: uuid.UUID, runtime: RuntimeDep) -> list[DisciplinePublic]:
    """A member's disciplinary sanctions, oldest first."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        await member_at(uow, member_id)
        found = await uow.records.discipline_of(member_id)
    return [DisciplinePublic.of(record) for record in found]


@router.get("/discipline-records/{record_id}", tags=["discipline"], responses={404: {"description": "No such record"}})
async def get_discipline(record_id: uuid.UUID, runtime: RuntimeDep) -> DisciplinePublic:
    """One disciplinary record."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        record = await uow.records.get_discipline(record_id)
    if record is None:
        raise NotFoundError(f"没有这条处分记录：{record_id}", code="discipline_record_not_found")
    return DisciplinePublic.of(record)
