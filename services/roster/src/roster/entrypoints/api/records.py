"""Records scoring needs: dues (党费), honours (表彰), branch recognitions and sanctions (党纪处分)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from bastion.auth import Principal
from bastion.clock import local_today
from bastion.errors import ForbiddenError, NotFoundError
from bastion.http import RuntimeDep
from bastion.http.auth import allow, require_branch
from bastion.http.paging import Page, PageDep
from bastion.http.policies import BranchRead, BranchWrite
from roster.domain.records import unpaid_months
from roster.entrypoints.api import access
from roster.entrypoints.api.access import ADMIN, MEMBER, SECRETARY, SERVICE, PersonReader
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.members import check_managed
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
    RecognitionChanged,
    RecognitionCreate,
    RecognitionPublic,
)
from roster.service_layer import records
from roster.service_layer.committee import branch_at
from roster.service_layer.context import Context
from roster.service_layer.lookups import member_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter()

Year = Annotated[int, Query(ge=1900, le=2200, description="Calendar year, e.g. 2026")]

HonourLister = Annotated[
    Principal,
    Depends(
        allow(
            ADMIN,
            SECRETARY,
            MEMBER,
            SERVICE,
            scope="secretary: own branches (filters must name own); member: member_id=self; service: read",
        )
    ),
]
CommitteeOnly = Annotated[Principal, Depends(allow(ADMIN, scope="the party committee only"))]
# Discipline records are sensitive: never for machine clients, nor for anyone but the member's own people.
DisciplineReader = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, MEMBER, scope="sensitive: secretary: member's own branch; member: self")),
]


@router.post("/members/{member_id}/dues", status_code=status.HTTP_201_CREATED, tags=["dues"])
async def pay_dues(
    member_id: uuid.UUID, body: DuesPaymentCreate, context: ContextDep, principal: BranchWrite
) -> DuesPaymentChanged:
    """Record one month's dues (交纳党费) of a Party member (probationary or full, active).

    One payment per month; not for a month before the member joined, nor more than 12 months
    ahead; ``paid_on`` (default today) not in the future. Emits ``bastion.roster.dues.paid.v1``.
    """
    await check_managed(principal, context, member_id)
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
async def get_dues_payment(payment_id: uuid.UUID, runtime: RuntimeDep, principal: PersonReader) -> DuesPaymentRecord:
    """One dues payment (a secretary's if the member is in their branch now)."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        payment = await uow.records.get_dues(payment_id)
        if payment is None:
            raise NotFoundError(f"没有这笔党费记录：{payment_id}", code="dues_payment_not_found")
        await access.member_in_reach(principal, uow, payment.member_id)
    return DuesPaymentRecord(
        **DuesPaymentPublic.of(payment).model_dump(),
        id=payment.id,
        member_id=payment.member_id,
        branch_id=payment.branch_id,
    )


@router.get("/members/{member_id}/dues", tags=["dues"])
async def dues_of_year(
    member_id: uuid.UUID, runtime: RuntimeDep, principal: PersonReader, year: Year | None = None
) -> DuesYear:
    """A member's dues in a year (default this year): the payments, and the ended months left unpaid."""
    today = local_today(runtime.settings.timezone)
    year = year or today.year
    async with RosterUnitOfWork(runtime.sessions) as uow:
        member = await access.member_in_reach(principal, uow, member_id)
        payments = await uow.records.dues_of(member_id, year)
    paid = {payment.month for payment in payments}
    return DuesYear(
        year=year,
        paid=[DuesPaymentPublic.of(payment) for payment in payments],
        unpaid_months=unpaid_months(member, year, paid, today),
    )


@router.post("/honours", status_code=status.HTTP_201_CREATED, tags=["honours"])
async def record_honour(
    body: HonourCreate, context: ContextDep, response: Response, principal: BranchWrite
) -> HonourChanged:
    """Record an honour (表彰) for a member or a branch, at factory, provincial or national level.

    A member's honour counts for their branch too. Emits ``bastion.roster.honour.recorded.v1``.
    """
    await _check_honoured(principal, context, body)
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


async def _check_honoured(principal: Principal, context: Context, body: HonourCreate) -> None:
    """A secretary honours their own branch or its members (an unknown member is the handler's 422)."""
    branches: list[uuid.UUID | None] = [body.branch_id] if body.branch_id is not None else []
    if body.member_id is not None:
        async with context.uow as uow:
            member = await uow.members.get(body.member_id)
        branches.append(member.branch_id if member is not None else None)
    for branch_id in branches or [None]:
        require_branch(principal, branch_id)


@router.get("/honours", tags=["honours"])
async def list_honours(
    runtime: RuntimeDep,
    page: PageDep,
    principal: HonourLister,
    branch_id: Annotated[uuid.UUID | None, Query(description="A branch: its own honours and its members'")] = None,
    member_id: uuid.UUID | None = None,
    year: Year | None = None,
) -> Page[HonourPublic]:
    """Honours, newest first; filter by branch, member or year awarded. A secretary sees their own
    branches' honours; a member asks for their own (``member_id``)."""
    if principal.role is MEMBER and not principal.is_member(member_id):
        raise ForbiddenError("只能查看本人的表彰 (members list their own honours: member_id=self)")
    narrowed = principal.branch_ids if principal.role is SECRETARY else None
    async with RosterUnitOfWork(runtime.sessions) as uow:
        if principal.role is SECRETARY:
            if branch_id is not None:
                require_branch(principal, branch_id)
            if member_id is not None:
                await access.managed_member(principal, uow, member_id)
        found, total = await uow.records.list_honours(
            page, branch_id=branch_id, member_id=member_id, year=year, branch_ids=narrowed
        )
    return Page(items=[HonourPublic.of(h) for h in found], total=total, page=page.page, page_size=page.page_size)


@router.get("/honours/{honour_id}", tags=["honours"], responses={404: {"description": "No such honour"}})
async def get_honour(honour_id: uuid.UUID, runtime: RuntimeDep, principal: PersonReader) -> HonourPublic:
    """One honour (a member's is checked by the member's branch now)."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        honour = await uow.records.get_honour(honour_id)
        if honour is None:
            raise NotFoundError(f"没有这条表彰记录：{honour_id}", code="honour_not_found")
        if honour.member_id is not None:
            await access.member_in_reach(principal, uow, honour.member_id)
        else:
            access.require_reach(principal, honour.branch_id)
    return HonourPublic.of(honour)


@router.post("/org-units/{branch_id}/recognitions", status_code=status.HTTP_201_CREATED, tags=["branch recognitions"])
async def recognise_branch(
    branch_id: uuid.UUID, body: RecognitionCreate, context: ContextDep, response: Response, principal: CommitteeOnly
) -> RecognitionChanged:
    """Record the party committee's recognition of a branch (an active one): a recognised innovation
    (创新成果, ``innovation``) or a published experience (经验推广, ``published_experience``), with its title
    and date (not in the future). Each counts towards the branch's assessment bonus, like an honour.
    Emits ``bastion.roster.branch_recognition.recorded.v1``."""
    command = records.RecogniseBranch(kind=body.kind, title=body.title, recognised_on=body.recognised_on)
    done = await records.recognise_branch(branch_id, command, context)
    response.headers["Location"] = f"/recognitions/{done.value.id}"
    return RecognitionChanged(**RecognitionPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("/org-units/{branch_id}/recognitions", tags=["branch recognitions"])
async def list_recognitions(
    branch_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead, year: Year | None = None
) -> list[RecognitionPublic]:
    """The committee's recognitions of a branch (创新成果, 经验推广), newest first; of one year if ``year``."""
    access.require_reach(principal, branch_id)
    async with RosterUnitOfWork(runtime.sessions) as uow:
        await branch_at(uow, branch_id, active=False)
        found = await uow.records.recognitions_of(branch_id, year)
    return [RecognitionPublic.of(recognition) for recognition in found]


@router.get(
    "/recognitions/{recognition_id}", tags=["branch recognitions"], responses={404: {"description": "No such record"}}
)
async def get_recognition(recognition_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> RecognitionPublic:
    """One recognition of a branch."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        recognition = await uow.records.get_recognition(recognition_id)
    if recognition is None:
        raise NotFoundError(f"没有这条支部创新成果或经验推广记录：{recognition_id}", code="recognition_not_found")
    access.require_reach(principal, recognition.branch_id)
    return RecognitionPublic.of(recognition)


@router.post("/members/{member_id}/discipline", status_code=status.HTTP_201_CREATED, tags=["discipline"])
async def record_discipline(
    member_id: uuid.UUID, body: DisciplineCreate, context: ContextDep, principal: BranchWrite
) -> DisciplineChanged:
    """Record a disciplinary sanction (党纪处分) on an active Party member.

    ``expulsion`` (开除党籍) also changes the member's status to ``expelled`` in the same
    transaction: two events, ``bastion.roster.discipline.recorded.v1`` and
    ``bastion.roster.member.status_changed.v1``.
    """
    await check_managed(principal, context, member_id)
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
async def list_discipline(
    member_id: uuid.UUID, runtime: RuntimeDep, principal: DisciplineReader
) -> list[DisciplinePublic]:
    """A member's disciplinary sanctions, oldest first (sensitive: the committee, the member's branch
    secretary and the member only)."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        access.require_sensitive(principal, await member_at(uow, member_id))
        found = await uow.records.discipline_of(member_id)
    return [DisciplinePublic.of(record) for record in found]


@router.get("/discipline-records/{record_id}", tags=["discipline"], responses={404: {"description": "No such record"}})
async def get_discipline(record_id: uuid.UUID, runtime: RuntimeDep, principal: DisciplineReader) -> DisciplinePublic:
    """One disciplinary record (sensitive, as the member's list)."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        record = await uow.records.get_discipline(record_id)
        if record is None:
            raise NotFoundError(f"没有这条处分记录：{record_id}", code="discipline_record_not_found")
        access.require_sensitive(principal, await member_at(uow, record.member_id))
    return DisciplinePublic.of(record)
