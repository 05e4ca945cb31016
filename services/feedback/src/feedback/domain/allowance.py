"""How often the public page accepts submissions: per device, per network address, and bursts to flag.

A workshop of 200 people behind one NAT address must be able to rate within ten minutes (domain.md §3),
so the address only guards against floods; the device (the page's cookie) is what is limited. Many
ratings of one subject from one address in a short time are accepted, each from its own device, but
flagged so that the secretary can see them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from bastion.errors import RateLimitedError


@dataclass(frozen=True, slots=True)
class Recent:
    """Accepted submissions within the window, and when the oldest of them was made."""

    count: int
    oldest: datetime | None


@dataclass(frozen=True, slots=True)
class SubmissionLimits:
    """At most ``per_device`` accepted submissions per device and ``per_address`` per network address in
    ``window_seconds``. Refused attempts (a duplicate rating, a bad form) count against neither."""

    per_device: int
    per_address: int
    window_seconds: int

    def check(self, device: Recent, address: Recent, now: datetime) -> None:
        if device.count >= self.per_device:
            self._refuse("这台设备提交太频繁", self.per_device, device, now, "too_many_submissions")
        if address.count >= self.per_address:
            self._refuse("同一网络提交太频繁", self.per_address, address, now, "too_many_submissions_from_address")

    def _refuse(self, what: str, limit: int, recent: Recent, now: datetime, code: str) -> None:
        wait = self.retry_after(recent, now)
        raise RateLimitedError(
            f"{what}：每 {max(1, self.window_seconds // 60)} 分钟最多提交 {limit} 次，"
            f"请 {math.ceil(wait / 60)} 分钟后再试",
            retry_after_seconds=wait,
            code=code,
        )

    def retry_after(self, recent: Recent, now: datetime) -> int:
        """Seconds until the oldest submission in the window leaves it (at least 1)."""
        if recent.oldest is None:
            return self.window_seconds
        left = self.window_seconds - (now - recent.oldest).total_seconds()
        return max(1, min(self.window_seconds, math.ceil(left)))


@dataclass(frozen=True, slots=True)
class BurstRule:
    """``ratings`` or more ratings of one subject from one address within ``window_seconds`` are a burst:
    accepted (one device each), flagged for the secretary with the reason."""

    ratings: int
    window_seconds: int

    def reached(self, recent_from_address: int) -> bool:
        return recent_from_address >= self.ratings

    def reason(self, recent_from_address: int) -> str:
        minutes = max(1, self.window_seconds // 60)
        return (
            f"集中提交：{minutes} 分钟内同一网络地址对同一对象提交了 {recent_from_address} 份评价"
            "（每份来自不同设备），已计入满意度，请核实是否为现场集中组织的评价"
        )
