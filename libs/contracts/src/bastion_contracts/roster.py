"""Events published by roster (组织与党员)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.topics import Topic
from bastion_contracts.topics import ROSTER_MEMBERS
from bastion_contracts.vocabulary import EducationLevel


class MemberRegistered(EventData):
    """A person was registered in a branch's roster (党员登记)."""

    event_type: ClassVar[str] = "bastion.roster.member.registered.v1"
    topic: ClassVar[Topic] = ROSTER_MEMBERS

    member_id: uuid.UUID = Field(description="The member's id in roster.")
    branch_id: uuid.UUID = Field(description="The branch (党支部) whose roster the member is on.")
    name: str = Field(min_length=1, max_length=50, description="Full name.")
    birth_date: date = Field(description="Date of birth (for age and birth-decade statistics).")
    education: EducationLevel = Field(description="Highest completed education level.")

    def subject(self) -> str:
        return str(self.member_id)
