"""The public channel: a short code per branch, and a limit on how often one client may submit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bastion.errors import RateLimitedError

# No 0/O, 1/I/L: read off a printed poster and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_public_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return code.strip().upper()


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """At most ``limit`` submissions per client in ``window_seconds``."""

    limit: int
    window_seconds: int

    def check(self, recent: int) -> None:
        if recent >= self.limit:
            minutes = max(1, self.window_seconds // 60)
            raise RateLimitedError(
                f"提交太频繁：每 {minutes} 分钟最多提交 {self.limit} 次，请稍后再试",
                retry_after_seconds=self.window_seconds,
                code="too_many_submissions",
            )
