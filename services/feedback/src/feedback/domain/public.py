"""The public channel: a short code per branch, and how its page counts a respondent (the branch's mode)."""

from __future__ import annotations

import secrets
from enum import StrEnum

from feedback.domain.respondents import RespondentBasis

# No 0/O, 1/I/L: read off a printed poster and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_public_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return code.strip().upper()


class PublicMode(StrEnum):
    """Who may rate once on a branch's public page (domain.md §3): by default a device, anonymously; a
    branch where one rating per person must hold asks for the employee number instead."""

    ANONYMOUS = "anonymous"  # 匿名评价（按设备）
    IDENTIFIED = "identified"  # 凭工号评价

    @property
    def basis(self) -> RespondentBasis:
        return RespondentBasis.DEVICE if self is PublicMode.ANONYMOUS else RespondentBasis.EMPLOYEE_NUMBER

    @property
    def label_zh(self) -> str:
        return "匿名评价（按设备）" if self is PublicMode.ANONYMOUS else "凭工号评价"

    def notice(self, period_word: str) -> str:
        """What the page and the channel's settings say about counting, in this mode."""
        if self is PublicMode.ANONYMOUS:
            return (
                f"匿名评价：不记录您是谁，每台设备（手机或浏览器）{period_word}可评价一次；"
                "一台设备不等于一个人，换一台设备可以再评。"
            )
        return f"凭工号评价：每个工号{period_word}只能评价一次；工号只保存加密散列值，不显示、不外传。"


PERIOD_WORDS = {"month": "每月", "quarter": "每季度", "year": "每年"}
