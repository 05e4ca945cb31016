"""Respondents are never stored: only a keyed hash of who they are, enough to count one rating each.

What that hash stands for differs: on the public page in anonymous mode it is only a device (a phone's
browser), so "one rating per respondent" there means one per device, and a figure built from such ratings
must say so (domain.md §3).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from enum import StrEnum

from bastion.errors import RuleViolationError

EMPLOYEE_NUMBER_MAX = 32
# Letters, digits, '-' and '_': what factories print on badges; full-width input is folded first (NFKC).
_EMPLOYEE_NUMBER = re.compile(rf"[0-9A-Za-z][0-9A-Za-z_-]{{0,{EMPLOYEE_NUMBER_MAX - 1}}}")


def respondent_hash(key: bytes, identity: str) -> bytes:
    """HMAC-SHA256 of the normalised identity (an employee number, a phone, a device token)."""
    normalised = unicodedata.normalize("NFKC", identity).strip().casefold()
    return hmac.new(key, normalised.encode(), hashlib.sha256).digest()


class RespondentBasis(StrEnum):
    """What one rating's respondent is: the unit that may rate once per subject and period."""

    DEVICE = "device"  # 一台设备: the public page, anonymous mode
    EMPLOYEE_NUMBER = "employee_number"  # 工号: the public page, identified mode
    RECORDED_IDENTITY = "recorded_identity"  # 录入的身份: staff entered who rated (employee number, department, phone)

    @property
    def label_zh(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    RespondentBasis.DEVICE: "一台设备（匿名）",
    RespondentBasis.EMPLOYEE_NUMBER: "工号",
    RespondentBasis.RECORDED_IDENTITY: "工作人员录入的身份",
}


def employee_number(text: str | None) -> str:
    """The employee number (工号) typed on the public page, checked; it is only ever hashed."""
    number = unicodedata.normalize("NFKC", text or "").strip()
    if not number:
        raise RuleViolationError(
            "请填写工号：本支部的评价凭工号进行，每个工号每期只能评价一次", code="employee_number_required"
        )
    if not _EMPLOYEE_NUMBER.fullmatch(number):
        raise RuleViolationError(
            f"工号只能由字母、数字、“-”和“_”组成，最长 {EMPLOYEE_NUMBER_MAX} 位", code="invalid_employee_number"
        )
    return number


def device_notice(device_ratings: int) -> str | None:
    """What a figure must say when anonymous public ratings are in it (None when there are none)."""
    if device_ratings <= 0:
        return None
    return (
        f"其中 {device_ratings} 份是公开页面上的匿名评价：每份只代表一台设备（一部手机或一个浏览器），"
        "同一个人换一台设备可以再评一次，所以份数不等于人数。需要一人一评的支部，可把公开页面改为凭工号评价"
        "（工号只保存加密散列值）。"
    )
