"""Commands: what a user asks roster to do, in the imperative."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from bastion_contracts import EducationLevel


@dataclass(frozen=True, slots=True)
class RegisterMember:
    branch_id: uuid.UUID
    name: str
    birth_date: date
    education: EducationLevel
