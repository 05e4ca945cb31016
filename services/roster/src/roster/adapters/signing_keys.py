"""The keys Bastion signs its sign-in tokens with: kept in roster's database, rotated, published as a JWKS.

A new key is made when the newest is older than the rotation period; tokens name their key (``kid``), and
the JWKS keeps publishing a retired key long enough for every token it signed to expire, so a rotation
never signs anyone out. Services other than roster fetch the JWKS (``AUTH_SESSION_JWKS_URL``); roster
reads the table.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bastion.errors import UnauthenticatedError
from roster.adapters.orm import signing_keys

_ROTATION_LOCK = 0x6B657973  # pg_advisory_xact_lock key: one rotation at a time across replicas


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey
    created_at: datetime


def _private(pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("signing key is not an EC key")
    return key


def public_jwk(key: SigningKey) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(ECAlgorithm.to_jwk(key.private_key.public_key()))
    return jwk | {"kid": key.kid, "use": "sig", "alg": "ES256"}


class SigningKeys:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, now: datetime, rotation: timedelta) -> SigningKey:
        """The key to sign with now; a new one if there is none or the newest is due for rotation."""
        newest = await self._newest()
        if newest is not None and now - newest.created_at < rotation:
            return newest
        await self._session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROTATION_LOCK})
        newest = await self._newest()  # another replica may have rotated while this one waited
        if newest is not None and now - newest.created_at < rotation:
            return newest
        return await self.rotate(now)

    async def rotate(self, now: datetime) -> SigningKey:
        """A new key, signing from now on; the older ones stay published until their tokens expire."""
        private = ec.generate_private_key(ec.SECP256R1())
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        key = SigningKey(f"{now:%Y%m%d}-{uuid.uuid4().hex[:8]}", private, now)
        await self._session.execute(signing_keys.insert().values(kid=key.kid, private_pem=pem, created_at=now))
        return key

    async def published(self, now: datetime, keep_after_retirement: timedelta) -> list[SigningKey]:
        """The newest key and every key retired less than ``keep_after_retirement`` ago."""
        rows = (await self._session.execute(select(signing_keys).order_by(signing_keys.c.created_at.desc()))).all()
        keys: list[SigningKey] = []
        successor_created: datetime | None = None
        for row in rows:
            if successor_created is None or now - successor_created < keep_after_retirement:
                keys.append(SigningKey(row.kid, _private(row.private_pem), row.created_at))
            successor_created = row.created_at
        return keys

    async def _newest(self) -> SigningKey | None:
        row = (
            await self._session.execute(
                select(signing_keys).where(
                    signing_keys.c.created_at == select(func.max(signing_keys.c.created_at)).scalar_subquery()
                )
            )
        ).first()
        return SigningKey(row.kid, _private(row.private_pem), row.created_at) if row else None


class DatabaseSessionKeys:
    """Roster's own check of the tokens it issues: the public keys from its table, cached by ``kid``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._cache: dict[str, ec.EllipticCurvePublicKey] = {}

    async def key(self, key_id: str) -> Any:
        cached = self._cache.get(key_id)
        if cached is not None:
            return cached
        async with self._engine.connect() as connection:
            pem = (
                await connection.execute(select(signing_keys.c.private_pem).where(signing_keys.c.kid == key_id))
            ).scalar_one_or_none()
        if pem is None:
            raise UnauthenticatedError("令牌的签名密钥未知 (unknown signing key)", code="invalid_token")
        public = _private(pem).public_key()
        self._cache[key_id] = public
        return public
