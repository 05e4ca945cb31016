"""Use cases of the records scoring needs: dues (党费), honours (表彰), branch recognitions, sanctions (党纪处分)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bastion.handlers import Done
from bastion_contracts.roster import BranchRecognitionRecorded, DisciplineRecorded, DuesPaid, HonourRecorded
from bastion_contracts.vocabulary import (
    BranchRecognitionKind,
    DisciplineLevel,
    HonourLevel,
    MemberStatus,
    OrgUnitKind,
    SubjectKind,
)
from roster.domain import records
from roster.domain.records import BranchRecognition, DisciplineRecord, DuesPayment, Honour
from roster.service_layer.committee import branch_at
from roster.service_layer.context import Context
from roster.service_layer.lookups import member_at, named_members, named_org_unit
from roster.service_layer.members import apply_status_change


@dataclass(frozen=True, slots=True)
class PayDues:
    """Pay one month's dues (交纳党费), in yuan."""

    month: str
    amount: Decimal
    paid_on: date | None = None  # today


async def pay_dues(member_id: uuid.UUID, command: PayDues, context: Context) -> Done[DuesPayment]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        paid_on = command.paid_on or context.today
        payment = records.pay_dues(member, command.month, command.amount, paid_on, context.today)
        await uow.records.add_dues(payment)
        uow.record(
            DuesPaid(
                member_id=member.id,
                branch_id=payment.branch_id,
                month=payment.month,
                amount=payment.amount,
                paid_on=payment.paid_on,
            ),
            time=context.now,
        )
        await uow.commit()
        return Done(payment, uow.event_ids)


@dataclass(frozen=True, slots=True)
class RecordHonour:
    """Honour a member (``member_id``) or a branch (``branch_id``): exactly the one ``subject_kind`` names."""

    subject_kind: SubjectKind
    level: HonourLevel
    title: str
    awarded_on: date
    member_id: uuid.UUID | None = None
    branch_id: uuid.UUID | None = None


async def record_honour(command: RecordHonour, context: Context) -> Done[Honour]:
    async with context.uow as uow:
        subject_id = records.honour_subject_id(command.subject_kind, command.member_id, command.branch_id)
        if command.subject_kind is SubjectKind.MEMBER:
            [member] = await named_members(uow, [subject_id], "member_id")
            honour = records.honour_member(member, command.level, command.title, command.awarded_on, context.today)
        else:
            branch = await named_org_unit(uow, subject_id, "branch_id", OrgUnitKind.BRANCH)
            honour = records.honour_branch(branch, command.level, command.title, command.awarded_on, context.today)
        await uow.records.add_honour(honour)
        uow.record(_honour_recorded(honour), time=context.now)
        await uow.commit()
        return Done(honour, uow.event_ids)


def _honour_recorded(honour: Honour) -> HonourRecorded:
    return HonourRecorded(
        honour_id=honour.id,
        subject_kind=honour.subject_kind,
        member_id=honour.member_id,
        branch_id=honour.branch_id,
        level=honour.level,
        title=honour.title,
        awarded_on=honour.awarded_on,
    )


@dataclass(frozen=True, slots=True)
class RecogniseBranch:
    """The committee recognises a branch's innovation (创新成果) or publishes its experience (经验推广)."""

    kind: BranchRecognitionKind
    title: str
    recognised_on: date


async def recognise_branch(branch_id: uuid.UUID, command: RecogniseBranch, context: Context) -> Done[BranchRecognition]:
    async with context.uow as uow:
        branch = await branch_at(uow, branch_id)
        recognition = records.recognise_branch(
            branch, command.kind, command.title, command.recognised_on, context.today
        )
        await uow.records.add_recognition(recognition)
        uow.record(
            BranchRecognitionRecorded(
                recognition_id=recognition.id,
                branch_id=recognition.branch_id,
                kind=recognition.kind,
                title=recognition.title,
                recognised_on=recognition.recognised_on,
            ),
            time=context.now,
        )
        await uow.commit()
        return Done(recognition, uow.event_ids)


@dataclass(frozen=True, slots=True)
class RecordDiscipline:
    """Sanction a Party member (党纪处分)."""

    level: DisciplineLevel
    decided_on: date
    reason: str
    criminal_conviction: bool = False


@dataclass(frozen=True, slots=True)
class Disciplined:
    """The sanction, and the member's status after it (expelled after an expulsion)."""

    record: DisciplineRecord
    member_status: MemberStatus


async def record_discipline(member_id: uuid.UUID, command: RecordDiscipline, context: Context) -> Done[Disciplined]:
    """Record a sanction; an expulsion also takes the member off the roster, in the same transaction."""
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        record = records.discipline(
            member, command.level, command.decided_on, command.reason, command.criminal_conviction, context.today
        )
        await uow.records.add_discipline(record)
        uow.record(_discipline_recorded(record), time=context.now)
        if record.expels:
            member = await apply_status_change(
                uow, member, MemberStatus.EXPELLED, record.decided_on, record.reason, context.today
            )
        await uow.commit()
        return Done(Disciplined(record, member.status), uow.event_ids)


def _discipline_recorded(record: DisciplineRecord) -> DisciplineRecorded:
    return DisciplineRecorded(
        record_id=record.id,
        member_id=record.member_id,
        branch_id=record.branch_id,
        level=record.level,
        decided_on=record.decided_on,
        reason=record.reason,
        criminal_conviction=record.criminal_conviction,
    )
