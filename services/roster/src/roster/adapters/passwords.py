"""Password hashes: Argon2id through pwdlib, computed off the event loop (each costs tens of milliseconds)."""

from __future__ import annotations

import asyncio

from pwdlib import PasswordHash

_HASHER = PasswordHash.recommended()  # Argon2id with pwdlib's recommended cost
# Checked when the username is unknown, so a wrong name takes as long as a wrong password.
_DECOY = _HASHER.hash("not-a-password")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_HASHER.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        await asyncio.to_thread(_HASHER.verify, password, _DECOY)
        return False
    return await asyncio.to_thread(_HASHER.verify, password, password_hash)
