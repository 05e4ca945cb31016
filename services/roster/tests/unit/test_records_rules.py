"""The rules of dues, honours and disciplinary records, without a database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bastion.errors import ConflictError, DomainError, RuleViolationError
from bastion_contracts.vocabulary import (
    DisciplineLevel,
    EducationLevel,
    Gender,
    HonourLevel,
    MemberClass,
    MemberStatus,
    OrgUnitKind,
    Stage,
    SubjectKind,
)
from roster.domain import records
from roster.domain.member import Member, Person, PipelineDates
from roster.domain.org import OrgUnit

TODAY = date(2026, 3, 15)
JOINED = date(2020, 5, 1)


def member(stage: Stage = Stage.FULL, **changes: object) -> Member:
    pipeline = PipelineDates(probationary_on=JOINED, full_on=date(2021, 5, 1))
    if stage is Stage.ACTIVIST:
        pipeline = PipelineDates(activist_on=date(2025, 1, 1))
    person = Person("王芳", Gender.FEMALE, date(1965, 3, 18), EducationLevel.BACHELOR, "生产管理科", "工艺员", "GD-1")
    base = Member(
        id=uuid.uuid4(),
        branch_id=uuid.uuid4(),
        person=person,
        member_class=MemberClass.ORDINARY,
        stage=stage,
        pipeline=pipeline,
        registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def expelled(on: date) -> Member:
    return member(status=MemberStatus.EXPELLED, status_changed_on=on)


def refused(error: type[DomainError], code: str, call: object, *args: object) -> None:
    with pytest.raises(error) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.code == code


# Dues


def test_dues_are_stored_in_fen_for_the_members_branch() -> None:
    payer = member()
    payment = records.pay_dues(payer, "2026-03", Decimal("12.5"), TODAY, TODAY)

    assert (payment.member_id, payment.branch_id, payment.month) == (payer.id, payer.branch_id, "2026-03")
    assert payment.amount_fen == 1250
    assert str(payment.amount) == "12.50"


@pytest.mark.parametrize(("amount", "fen"), [("0.01", 1), ("12.500", 1250), ("300", 30000)])
def test_amounts_in_yuan_with_up_to_two_decimals_become_whole_fen(amount: str, fen: int) -> None:
    assert records.amount_in_fen(Decimal(amount)) == fen


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "0.001", "NaN", "Infinity", "1000000.01"])
def test_amounts_that_are_not_positive_whole_fen_or_implausible_are_refused(amount: str) -> None:
    refused(RuleViolationError, "dues_amount", records.amount_in_fen, Decimal(amount))


def test_only_party_members_pay_dues() -> None:
    refused(
        ConflictError, "not_party_member", records.pay_dues, member(Stage.ACTIVIST), "2026-03", Decimal(1), TODAY, TODAY
    )


def test_someone_no_longer_on_the_roster_pays_no_dues() -> None:
    refused(ConflictError, "member_not_active", records.pay_dues, expelled(TODAY), "2026-03", Decimal(1), TODAY, TODAY)


def test_dues_start_with_the_joining_month() -> None:
    assert records.pay_dues(member(), "2020-05", Decimal(1), TODAY, TODAY).month == "2020-05"
    refused(RuleViolationError, "dues_before_joining", records.pay_dues, member(), "2020-04", Decimal(1), TODAY, TODAY)


def test_dues_may_be_paid_up_to_twelve_months_ahead() -> None:
    assert records.pay_dues(member(), "2027-03", Decimal(1), TODAY, TODAY).month == "2027-03"
    refused(RuleViolationError, "dues_too_far_ahead", records.pay_dues, member(), "2027-04", Decimal(1), TODAY, TODAY)


def test_dues_cannot_be_paid_on_a_future_day() -> None:
    refused(
        RuleViolationError,
        "date_in_future",
        records.pay_dues,
        member(),
        "2026-03",
        Decimal(1),
        date(2026, 3, 16),
        TODAY,
    )


def test_unpaid_months_are_the_ended_months_of_the_year_without_a_payment() -> None:
    assert records.unpaid_months(member(), 2026, {"2026-02"}, TODAY) == ["2026-01"]
    assert records.unpaid_months(member(), 2025, {"2025-03", "2025-12"}, TODAY) == [
        f"2025-{month:02d}" for month in (1, 2, *range(4, 12))
    ]


def test_unpaid_months_start_with_the_joining_month() -> None:
    joined_in_june = member(Stage.PROBATIONARY, pipeline=PipelineDates(probationary_on=date(2025, 6, 30)))

    assert records.unpaid_months(joined_in_june, 2025, set(), TODAY)[0] == "2025-06"
    assert records.unpaid_months(joined_in_june, 2024, set(), TODAY) == []


def test_the_current_month_and_later_years_are_not_yet_unpaid() -> None:
    assert records.unpaid_months(member(), 2026, set(), date(2026, 1, 31)) == []
    assert records.unpaid_months(member(), 2027, set(), TODAY) == []


def test_no_dues_are_owed_before_joining_or_after_leaving() -> None:
    assert records.unpaid_months(member(Stage.ACTIVIST), 2025, set(), TODAY) == []
    assert records.unpaid_months(expelled(date(2025, 4, 10)), 2025, set(), TODAY) == ["2025-01", "2025-02", "2025-03"]


# Honours


@pytest.mark.parametrize(
    ("kind", "member_id", "branch_id"),
    [
        (SubjectKind.MEMBER, None, None),
        (SubjectKind.MEMBER, uuid.uuid4(), uuid.uuid4()),
        (SubjectKind.BRANCH, None, None),
        (SubjectKind.BRANCH, uuid.uuid4(), uuid.uuid4()),
        (SubjectKind.BRANCH, uuid.uuid4(), None),
    ],
)
def test_an_honour_names_exactly_its_subject(
    kind: SubjectKind, member_id: uuid.UUID | None, branch_id: uuid.UUID | None
) -> None:
    refused(RuleViolationError, "honour_subject_mismatch", records.honour_subject_id, kind, member_id, branch_id)


def test_a_members_honour_counts_for_their_branch() -> None:
    honoured = member()
    honour = records.honour_member(honoured, HonourLevel.PROVINCIAL, "优秀共产党员", TODAY, TODAY)

    assert records.honour_subject_id(SubjectKind.MEMBER, honoured.id, None) == honoured.id
    assert (honour.subject_kind, honour.member_id, honour.branch_id) == (
        SubjectKind.MEMBER,
        honoured.id,
        honoured.branch_id,
    )


def test_honours_are_not_awarded_in_the_future_nor_to_people_off_the_roster() -> None:
    tomorrow = date(2026, 3, 16)
    refused(
        RuleViolationError,
        "date_in_future",
        records.honour_member,
        member(),
        HonourLevel.FACTORY,
        "先锋",
        tomorrow,
        TODAY,
    )
    refused(
        ConflictError,
        "member_not_active",
        records.honour_member,
        expelled(TODAY),
        HonourLevel.FACTORY,
        "先锋",
        TODAY,
        TODAY,
    )


def test_a_dissolved_branch_is_not_honoured() -> None:
    branch = OrgUnit(uuid.uuid4(), OrgUnitKind.BRANCH, "四支部", uuid.uuid4(), (), datetime(2020, 1, 1, tzinfo=UTC))
    assert records.honour_branch(branch, HonourLevel.NATIONAL, "先进党组织", TODAY, TODAY).branch_id == branch.id

    dissolved = replace(branch, dissolved_on=date(2025, 1, 1))
    refused(
        ConflictError,
        "org_unit_dissolved",
        records.honour_branch,
        dissolved,
        HonourLevel.NATIONAL,
        "先进",
        TODAY,
        TODAY,
    )


# Discipline


def test_a_sanction_is_recorded_for_a_party_member_and_only_expulsion_expels() -> None:
    sanctioned = member()
    warning = records.discipline(sanctioned, DisciplineLevel.WARNING, TODAY, "违反纪律", False, TODAY)
    expulsion = records.discipline(sanctioned, DisciplineLevel.EXPULSION, TODAY, "严重违纪", True, TODAY)

    assert (warning.member_id, warning.branch_id, warning.expels) == (sanctioned.id, sanctioned.branch_id, False)
    assert expulsion.expels
    assert expulsion.criminal_conviction


@pytest.mark.parametrize(
    ("who", "decided_on", "error", "code"),
    [
        (member(Stage.ACTIVIST), TODAY, ConflictError, "not_party_member"),
        (expelled(TODAY), TODAY, ConflictError, "member_not_active"),
        (member(), date(2026, 3, 16), RuleViolationError, "date_in_future"),
        (member(), date(2020, 4, 30), RuleViolationError, "date_before_joining"),
    ],
)
def test_sanctions_are_refused_for_non_members_future_days_and_days_before_joining(
    who: Member, decided_on: date, error: type[DomainError], code: str
) -> None:
    refused(error, code, records.discipline, who, DisciplineLevel.WARNING, decided_on, "理由", False, TODAY)
