"""A member on a branch's roster (党员)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from bastion_contracts import EducationLevel, MemberRegistered


@dataclass(frozen=True, slots=True)
class Member:
    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    birth_date: date
    education: EducationLevel
    registered_at: datetime

    @classmethod
    def register(
        cls,
        *,
        branch_id: uuid.UUID,
        name: str,
        birth_date: date,
        education: EducationLevel,
        now: datetime,
    ) -> tuple[Member, MemberRegistered]:
        """A new member and the event that says so."""
        member = cls(uuid.uuid4(), branch_id, name.strip(), birth_date, education, now)
        event = MemberRegistered(
            member_id=member.id,
            branch_id=member.branch_id,
            name=member.name,
            birth_date=member.birth_date,
            education=member.education,
        )
        return member, event
