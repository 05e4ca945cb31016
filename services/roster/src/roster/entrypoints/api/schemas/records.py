"""Dues (党费), honours (表彰), branch recognitions and disciplinary records (党纪处分)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion.http.shapes import absent, both, decimal_number, given, one_of, when
from bastion.http.text import Reason, ShortText
from bastion_contracts.vocabulary import BranchRecognitionKind, DisciplineLevel, HonourLevel, MemberStatus, SubjectKind
from roster.domain.records import FEN_PER_YUAN, MAXIMUM_DUES, BranchRecognition, DisciplineRecord, DuesPayment, Honour

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
ONE_FEN = Decimal(1) / FEN_PER_YUAN


class DuesPaymentCreate(BaseModel):
    """One month's dues (党费) paid by a Party member."""

    model_config = ConfigDict(extra="forbid")

    month: str = Field(pattern=MONTH_PATTERN, description="The month paid for, YYYY-MM.", examples=["2026-01"])
    amount: Annotated[Decimal, decimal_number(above=Decimal(0), at_most=MAXIMUM_DUES, step=ONE_FEN)] = Field(
        description="元, above 0, at most two decimals.", examples=[12.5]
    )
    paid_on: date | None = Field(default=None, description="Defaults to today; not in the future.")


class DuesPaymentPublic(BaseModel):
    month: str
    amount: Decimal = Field(description="元")
    paid_on: date

    @classmethod
    def of(cls, payment: DuesPayment) -> DuesPaymentPublic:
        return cls(month=payment.month, amount=payment.amount, paid_on=payment.paid_on)


class DuesPaymentRecord(DuesPaymentPublic):
    id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID


class DuesPaymentChanged(DuesPaymentRecord):
    event_ids: EventIds


class DuesYear(BaseModel):
    """A member's dues in one year: what was paid, and which ended months were not."""

    year: int
    paid: list[DuesPaymentPublic] = Field(description="Payments for months of the year, in month order.")
    unpaid_months: list[str] = Field(
        description="Ended months without a payment, from January or the joining month, whichever is later."
    )


class HonourCreate(BaseModel):
    """An honour (表彰) for a member (give member_id) or a branch (give branch_id)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=one_of(
            both(when("subject_kind", SubjectKind.MEMBER), given("member_id"), absent("branch_id")),
            both(when("subject_kind", SubjectKind.BRANCH), given("branch_id"), absent("member_id")),
        ),
    )

    subject_kind: SubjectKind
    member_id: uuid.UUID | None = Field(default=None, description="Required for a member; their branch follows.")
    branch_id: uuid.UUID | None = Field(default=None, description="Required for a branch (an active one).")
    level: HonourLevel
    title: ShortText = Field(examples=["优秀共产党员"])
    awarded_on: date = Field(description="Not in the future.")


class HonourPublic(BaseModel):
    id: uuid.UUID
    subject_kind: SubjectKind
    member_id: uuid.UUID | None
    branch_id: uuid.UUID = Field(description="The branch honoured, or the member's branch at the time.")
    level: HonourLevel
    title: str
    awarded_on: date

    @classmethod
    def of(cls, honour: Honour) -> HonourPublic:
        return cls(
            id=honour.id,
            subject_kind=honour.subject_kind,
            member_id=honour.member_id,
            branch_id=honour.branch_id,
            level=honour.level,
            title=honour.title,
            awarded_on=honour.awarded_on,
        )


class HonourChanged(HonourPublic):
    event_ids: EventIds


class RecognitionCreate(BaseModel):
    """The committee's recognition of a branch: a recognised innovation or a published experience."""

    model_config = ConfigDict(extra="forbid")

    kind: BranchRecognitionKind = Field(description="innovation (创新成果) or published_experience (经验推广).")
    title: ShortText = Field(examples=["卷接机组降耗技术革新"])
    recognised_on: date = Field(description="Not in the future.")


class RecognitionPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    kind: BranchRecognitionKind
    title: str
    recognised_on: date

    @classmethod
    def of(cls, recognition: BranchRecognition) -> RecognitionPublic:
        return cls(
            id=recognition.id,
            branch_id=recognition.branch_id,
            kind=recognition.kind,
            title=recognition.title,
            recognised_on=recognition.recognised_on,
        )


class RecognitionChanged(RecognitionPublic):
    event_ids: EventIds


class DisciplineCreate(BaseModel):
    """A sanction (党纪处分) on a Party member; ``expulsion`` also ends their membership."""

    model_config = ConfigDict(extra="forbid")

    level: DisciplineLevel
    decided_on: date = Field(description="Not in the future, nor before the member joined.")
    reason: Reason
    criminal_conviction: bool = Field(default=False, description="A criminal conviction (vetoes the score).")


class DisciplinePublic(BaseModel):
    id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    level: DisciplineLevel
    decided_on: date
    reason: str
    criminal_conviction: bool

    @classmethod
    def of(cls, record: DisciplineRecord) -> DisciplinePublic:
        return cls(
            id=record.id,
            member_id=record.member_id,
            branch_id=record.branch_id,
            level=record.level,
            decided_on=record.decided_on,
            reason=record.reason,
            criminal_conviction=record.criminal_conviction,
        )


class DisciplineChanged(DisciplinePublic):
    member_status: MemberStatus = Field(description="The member's status afterwards (expelled after an expulsion).")
    event_ids: EventIds
