"""The rules of branch committees (支委会), without a database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bastion.errors import ConflictError, DomainError, NotFoundError, RuleViolationError
from bastion_contracts.vocabulary import CommitteeRole, EducationLevel, Gender, MemberClass, MemberStatus, Stage
from roster.domain.committee import CommitteeTerm, completeness, new_term
from roster.domain.member import Member, Person, PipelineDates

TODAY = date(2026, 3, 15)
BRANCH = uuid.uuid4()
TERM_START = date(2025, 1, 1)


def member(name: str = "李明", stage: Stage = Stage.FULL, **changes: object) -> Member:
    person = Person(name, Gender.MALE, date(1970, 1, 1), EducationLevel.BACHELOR, "办公室", "主任", f"E-{name}")
    base = Member(
        id=uuid.uuid4(),
        branch_id=BRANCH,
        person=person,
        member_class=MemberClass.ORDINARY,
        stage=stage,
        pipeline=PipelineDates(probationary_on=date(2000, 7, 1), full_on=date(2001, 7, 1)),
        registered_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def term(*seated: tuple[CommitteeRole, Member]) -> CommitteeTerm:
    result = CommitteeTerm(uuid.uuid4(), BRANCH, TERM_START, date(2028, 1, 1))
    for role, person in seated:
        result = result.assign(role, person, date(2025, 2, 1), TODAY)
    return result


def refused(error: type[DomainError], code: str, call: object, *args: object) -> None:
    with pytest.raises(error) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.code == code


def test_an_active_full_member_of_the_branch_takes_a_seat() -> None:
    secretary = member()
    seated = term().assign(CommitteeRole.SECRETARY, secretary, date(2025, 3, 1), TODAY)
    assert seated.holder(CommitteeRole.SECRETARY) is not None
    assert seated.published_seats()[0].member_id == secretary.id
    assert seated.published_seats()[0].assigned_on == date(2025, 3, 1)


def test_a_probationary_member_cannot_take_a_seat() -> None:
    probationary = member(stage=Stage.PROBATIONARY)
    refused(
        RuleViolationError, "seat_not_full_member", term().assign, CommitteeRole.ORG_OFFICER, probationary, TODAY, TODAY
    )


def test_a_member_of_another_branch_cannot_take_a_seat() -> None:
    outsider = member(branch_id=uuid.uuid4())
    refused(RuleViolationError, "seat_other_branch", term().assign, CommitteeRole.SECRETARY, outsider, TODAY, TODAY)


def test_someone_no_longer_active_cannot_take_a_seat() -> None:
    lapsed = member(status=MemberStatus.LAPSED)
    refused(ConflictError, "member_not_active", term().assign, CommitteeRole.SECRETARY, lapsed, TODAY, TODAY)


def test_a_seat_is_taken_within_the_term_and_not_in_the_future() -> None:
    refused(
        RuleViolationError,
        "seat_outside_term",
        term().assign,
        CommitteeRole.SECRETARY,
        member(),
        date(2024, 12, 31),
        TODAY,
    )
    refused(
        RuleViolationError, "date_in_future", term().assign, CommitteeRole.SECRETARY, member(), date(2026, 3, 16), TODAY
    )


def test_one_person_holds_one_seat() -> None:
    secretary = member()
    refused(
        ConflictError,
        "already_seated",
        term((CommitteeRole.SECRETARY, secretary)).assign,
        CommitteeRole.ORG_OFFICER,
        secretary,
        TODAY,
        TODAY,
    )


def test_a_single_seat_role_has_one_holder_but_committee_members_may_be_several() -> None:
    with_secretary = term((CommitteeRole.SECRETARY, member("甲")))
    refused(ConflictError, "seat_taken", with_secretary.assign, CommitteeRole.SECRETARY, member("乙"), TODAY, TODAY)

    two_members = term((CommitteeRole.COMMITTEE_MEMBER, member("丙")), (CommitteeRole.COMMITTEE_MEMBER, member("丁")))
    assert [seat.role for seat in two_members.seats] == [CommitteeRole.COMMITTEE_MEMBER] * 2


def test_a_committee_has_at_most_seven_seats() -> None:
    seven = term(*[(CommitteeRole.COMMITTEE_MEMBER, member(f"委员{i}")) for i in range(7)])
    refused(RuleViolationError, "committee_size", seven.assign, CommitteeRole.SECRETARY, member("第八人"), TODAY, TODAY)


def test_seats_are_published_secretary_first() -> None:
    seated = term(
        (CommitteeRole.COMMITTEE_MEMBER, member("委员")),
        (CommitteeRole.ORG_OFFICER, member("组织")),
        (CommitteeRole.SECRETARY, member("书记")),
    )
    assert [seat.member_name for seat in seated.published_seats()] == ["书记", "组织", "委员"]


def test_a_seat_cannot_be_vacated_before_it_was_taken() -> None:
    seated = term((CommitteeRole.SECRETARY, member()))
    seat = seated.seats[0]
    refused(RuleViolationError, "date_order", seated.vacate, seat, date(2025, 1, 31))
    assert seated.vacate(seat, date(2025, 2, 1)).seats == ()


def test_a_committee_member_seat_is_named_by_its_holder() -> None:
    first, second = member("甲"), member("乙")
    seated = term((CommitteeRole.COMMITTEE_MEMBER, first), (CommitteeRole.COMMITTEE_MEMBER, second))

    refused(RuleViolationError, "member_id_required", seated.held_seat, CommitteeRole.COMMITTEE_MEMBER, None)
    assert seated.held_seat(CommitteeRole.COMMITTEE_MEMBER, second.id).member_id == second.id
    refused(NotFoundError, "seat_not_held", seated.held_seat, CommitteeRole.SECRETARY, None)
    refused(NotFoundError, "seat_not_held", seated.held_seat, CommitteeRole.COMMITTEE_MEMBER, uuid.uuid4())


def test_a_term_lasts_three_years_unless_told_otherwise() -> None:
    assert new_term(BRANCH, date(2024, 2, 29), None, None, TODAY).ends_on == date(2027, 2, 28)
    assert new_term(BRANCH, date(2025, 6, 1), date(2027, 6, 1), None, TODAY).ends_on == date(2027, 6, 1)


def test_a_term_ends_after_it_starts_and_starts_after_the_current_one() -> None:
    refused(RuleViolationError, "date_order", new_term, BRANCH, date(2025, 6, 1), date(2025, 6, 1), None, TODAY)
    refused(RuleViolationError, "date_order", new_term, BRANCH, date(2024, 12, 31), None, term(), TODAY)
    refused(RuleViolationError, "date_order", new_term, BRANCH, TERM_START, None, term(), TODAY)
    refused(RuleViolationError, "date_in_future", new_term, BRANCH, date(2026, 3, 16), None, None, TODAY)


def test_a_small_branch_is_complete_with_a_secretary_alone() -> None:
    alone = term((CommitteeRole.SECRETARY, member()))
    assert completeness(alone, 6).complete
    assert not completeness(alone, 6).required
    assert not completeness(None, 6).complete


def test_a_branch_of_seven_full_members_needs_three_seated_including_the_secretary() -> None:
    two = term((CommitteeRole.SECRETARY, member("书记")), (CommitteeRole.ORG_OFFICER, member("组织")))
    three = two.assign(CommitteeRole.PUBLICITY_OFFICER, member("宣传"), TODAY, TODAY)
    without_secretary = term(*[(CommitteeRole.COMMITTEE_MEMBER, member(f"委员{i}")) for i in range(4)])

    assert completeness(two, 7).required
    assert not completeness(two, 7).complete
    assert completeness(three, 7).complete
    assert completeness(three, 7).seated == 3
    assert not completeness(without_secretary, 7).complete
