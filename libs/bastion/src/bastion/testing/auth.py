"""Credentials for tests: tokens signed with the test session's embedded key."""

from __future__ import annotations

import uuid

from bastion.auth.principal import Role
from bastion.auth.tokens import mint_token
from bastion.settings import ServiceSettings


def bearer(
    settings: ServiceSettings,
    role: Role = Role.ADMIN,
    *,
    branch_ids: tuple[uuid.UUID, ...] = (),
    member_id: uuid.UUID | None = None,
    subject: str | None = None,
) -> dict[str, str]:
    """``Authorization`` headers for a person with this role (an admin unless told otherwise)."""
    token = mint_token(
        settings,
        subject=subject or f"test-{role.value}",
        role=role,
        branch_ids=branch_ids,
        member_id=member_id,
    )
    return {"Authorization": f"Bearer {token}"}
