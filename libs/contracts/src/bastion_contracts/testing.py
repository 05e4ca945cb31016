"""Factories of contract objects for tests of any consumer: valid by default, any field changeable."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from bastion_contracts.roster import MemberSnapshot
from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, MemberStatus, Stage


def member_snapshot(
    member_id: uuid.UUID, branch_id: uuid.UUID, name: str, *, group_id: uuid.UUID | None = None, **changes: Any
) -> MemberSnapshot:
    """An active full member, born 1966, unless ``changes`` say otherwise."""
    values: dict[str, Any] = {
        "member_id": member_id,
        "branch_id": branch_id,
        "group_id": group_id,
        "name": name,
        "gender": Gender.MALE,
        "birth_date": date(1966, 6, 6),
        "education": EducationLevel.SENIOR_SECONDARY,
        "department": "生产管理科",
        "position": "工艺员",
        "employee_number": str(member_id)[:8],
        "member_class": MemberClass.ORDINARY,
        "status": MemberStatus.ACTIVE,
        "stage": Stage.FULL,
    }
    values.update(changes)
    return MemberSnapshot.model_validate(values)
