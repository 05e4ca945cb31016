"""The public page's rules without a database: limits per device and address, bursts, employee numbers,
and what a figure says about device-only respondents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bastion.errors import RateLimitedError, RuleViolationError
from feedback.domain.allowance import BurstRule, Recent, SubmissionLimits
from feedback.domain.public import PublicMode
from feedback.domain.respondents import RespondentBasis, device_notice, employee_number, respondent_hash

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
LIMITS = SubmissionLimits(per_device=5, per_address=1000, window_seconds=600)
NOTHING = Recent(0, None)


def test_a_device_under_its_limit_behind_a_busy_address_may_submit() -> None:
    LIMITS.check(Recent(4, NOW - timedelta(minutes=9)), Recent(999, NOW - timedelta(minutes=9)), NOW)


def test_a_device_at_its_limit_waits_until_its_oldest_submission_leaves_the_window() -> None:
    with pytest.raises(RateLimitedError) as refused:
        LIMITS.check(Recent(5, NOW - timedelta(minutes=7, seconds=30)), NOTHING, NOW)

    # The oldest of the five was 7.5 minutes ago: it leaves the 10-minute window in 150 s.
    assert (refused.value.code, refused.value.retry_after_seconds) == ("too_many_submissions", 150)
    assert refused.value.message == "这台设备提交太频繁：每 10 分钟最多提交 5 次，请 3 分钟后再试"


def test_an_address_at_its_flood_guard_is_refused_whatever_the_device() -> None:
    with pytest.raises(RateLimitedError) as refused:
        LIMITS.check(NOTHING, Recent(1000, NOW - timedelta(seconds=10)), NOW)

    assert (refused.value.code, refused.value.retry_after_seconds) == ("too_many_submissions_from_address", 590)
    assert refused.value.message.startswith("同一网络提交太频繁：每 10 分钟最多提交 1000 次")


def test_a_burst_starts_at_its_threshold_and_says_why() -> None:
    rule = BurstRule(ratings=20, window_seconds=600)

    assert (rule.reached(19), rule.reached(20)) == (False, True)
    assert rule.reason(23) == (
        "集中提交：10 分钟内同一网络地址对同一对象提交了 23 份评价（每份来自不同设备），已计入满意度，"
        "请核实是否为现场集中组织的评价"
    )


@pytest.mark.parametrize(("typed", "kept"), [("GD2-017", "GD2-017"), (" ｇｄ２－０１７ ", "gd2-017")])
def test_an_employee_number_typed_two_ways_is_one_respondent(typed: str, kept: str) -> None:
    assert employee_number(typed) == kept
    assert respondent_hash(b"key", employee_number(typed)) == respondent_hash(b"key", "GD2-017")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (None, "employee_number_required"),
        ("  ", "employee_number_required"),
        ("GD2 017", "invalid_employee_number"),
        ("-17", "invalid_employee_number"),
        ("A" * 33, "invalid_employee_number"),
    ],
)
def test_a_missing_or_malformed_employee_number_is_refused(typed: str | None, code: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        employee_number(typed)
    assert refused.value.code == code


def test_a_figure_with_device_ratings_says_each_is_only_a_device() -> None:
    assert device_notice(0) is None
    notice = device_notice(12)
    assert notice is not None
    assert notice.startswith("其中 12 份是公开页面上的匿名评价：每份只代表一台设备")


def test_each_mode_counts_its_own_respondent() -> None:
    assert (PublicMode.ANONYMOUS.basis, PublicMode.IDENTIFIED.basis) == (
        RespondentBasis.DEVICE,
        RespondentBasis.EMPLOYEE_NUMBER,
    )
    assert "每台设备（手机或浏览器）每季度可评价一次" in PublicMode.ANONYMOUS.notice("每季度")
    assert "每个工号每季度只能评价一次" in PublicMode.IDENTIFIED.notice("每季度")
