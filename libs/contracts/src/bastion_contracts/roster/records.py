"""Records scoring needs: dues payments, honours, branch recognitions and disciplinary records."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import ClassVar

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.topics import Topic
from bastion_contracts.topics import ROSTER_RECORDS
from bastion_contracts.vocabulary import BranchRecognitionKind, DisciplineLevel, HonourLevel, SubjectKind


class DuesPaid(EventData):
    """A member paid the dues (党费) of one month."""

    event_type: ClassVar[str] = "bastion.roster.dues.paid.v1"
    topic: ClassVar[Topic] = ROSTER_RECORDS

    member_id: uuid.UUID
    branch_id: uuid.UUID
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="The month paid for, YYYY-MM.")
    amount: Decimal = Field(ge=0, decimal_places=2, description="Yuan.")
    paid_on: date

    def subject(self) -> str:
        return str(self.member_id)


class HonourRecorded(EventData):
    """An honour (表彰) for a member or a branch."""

    event_type: ClassVar[str] = "bastion.roster.honour.recorded.v1"
    topic: ClassVar[Topic] = ROSTER_RECORDS

    honour_id: uuid.UUID
    subject_kind: SubjectKind
    member_id: uuid.UUID | None = Field(description="Set when a member is honoured.")
    branch_id: uuid.UUID = Field(description="The branch honoured, or the member's branch.")
    level: HonourLevel
    title: str
    awarded_on: date

    def subject(self) -> str:
        return str(self.honour_id)


class BranchRecognitionRecorded(EventData):
    """The committee recognised a branch's innovation (创新成果) or published its experience (经验推广)."""

    event_type: ClassVar[str] = "bastion.roster.branch_recognition.recorded.v1"
    topic: ClassVar[Topic] = ROSTER_RECORDS

    recognition_id: uuid.UUID
    branch_id: uuid.UUID
    kind: BranchRecognitionKind = Field(description="innovation (创新成果) or published_experience (经验推广).")
    title: str
    recognised_on: date

    def subject(self) -> str:
        return str(self.recognition_id)


class DisciplineRecorded(EventData):
    """A disciplinary sanction (党纪处分) on a member."""

    event_type: ClassVar[str] = "bastion.roster.discipline.recorded.v1"
    topic: ClassVar[Topic] = ROSTER_RECORDS

    record_id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    level: DisciplineLevel
    decided_on: date
    reason: str
    criminal_conviction: bool = Field(default=False, description="A criminal conviction (vetoes the score).")

    def subject(self) -> str:
        return str(self.record_id)
