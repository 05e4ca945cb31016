"""API keys of machine clients: ``bsk_<key id>_<secret>``, shown once, stored as a SHA-256 hash, compared in
constant time, revocable. A key is stored in every service's database (``bastion api-keys``), so a
client uses one key everywhere and a revocation reaches every service."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.auth.principal import Principal, Role
from bastion.db.tables import api_keys
from bastion.errors import UnauthenticatedError

PREFIX = "bsk"


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: str
    name: str
    role: Role
    created_at: datetime | None
    revoked_at: datetime | None


def new_key() -> tuple[str, str]:
    """A new key and its id (the id is public, the key is shown once)."""
    key_id = secrets.token_hex(4)
    return key_id, f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def store(connection: AsyncConnection, key_id: str, key: str, name: str, role: Role) -> None:
    await connection.execute(
        insert(api_keys).values(key_id=key_id, name=name, secret_hash=digest(key), role=role.value)
    )


async def revoke(connection: AsyncConnection, key_id: str) -> bool:
    """Revoke; False if this database has no such key (or it was revoked before)."""
    result = await connection.execute(
        update(api_keys)
        .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now().astimezone())
    )
    return bool(result.rowcount)


async def listed(connection: AsyncConnection) -> list[IssuedKey]:
    rows = await connection.execute(select(api_keys).order_by(api_keys.c.created_at))
    return [IssuedKey(r.key_id, r.name, Role(r.role), r.created_at, r.revoked_at) for r in rows]


async def authenticate(connection: AsyncConnection, key: str) -> Principal:
    """The principal a presented key stands for; refused if unknown, wrong or revoked (one answer for
    all three, so a caller learns nothing about which)."""
    refused = UnauthenticatedError("API 密钥无效或已吊销 (unknown or revoked API key)", code="invalid_api_key")
    parts = key.split("_", 2)  # the secret itself may contain "_"
    if len(parts) != 3 or parts[0] != PREFIX:
        raise refused
    row = (
        await connection.execute(
            select(api_keys.c.name, api_keys.c.secret_hash, api_keys.c.role, api_keys.c.revoked_at).where(
                api_keys.c.key_id == parts[1]
            )
        )
    ).one_or_none()
    expected = row.secret_hash if row is not None else digest("")  # compare anyway: the same time either way
    if not hmac.compare_digest(expected, digest(key)) or row is None or row.revoked_at is not None:
        raise refused
    return Principal(subject=row.name, role=Role(row.role), via="api_key")
