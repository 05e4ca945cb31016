"""Who is asking: a person with a role (from a bearer token) or a machine (from an API key)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    ADMIN = "admin"  # the party committee: everything
    SECRETARY = "secretary"  # their branches and the groups in them
    MEMBER = "member"  # themselves, plus public branch figures
    SERVICE = "service"  # a machine client: reads events' sources and projections


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    role: Role
    branch_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)  # a secretary's branches
    member_id: uuid.UUID | None = None  # a member's own id
    via: Literal["token", "api_key"] = "token"

    def manages(self, branch_id: uuid.UUID | None) -> bool:
        """May change and see everything of this branch (the committee, or the branch's secretary)."""
        return self.role is Role.ADMIN or (
            self.role is Role.SECRETARY and branch_id is not None and branch_id in self.branch_ids
        )

    def manages_any(self, branch_ids: Iterable[uuid.UUID | None]) -> bool:
        return any(self.manages(branch_id) for branch_id in branch_ids)

    def is_member(self, member_id: uuid.UUID | None) -> bool:
        """Is this the member themself."""
        return self.member_id is not None and member_id == self.member_id
