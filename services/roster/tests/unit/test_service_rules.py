"""The rules of served departments, service posts and reserve talent, without a database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bastion.errors import ConflictError, DomainError, RuleViolationError
from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, MemberStatus, ServicePostKind, Stage
from roster.domain import service
from roster.domain.member import Member, Person, PipelineDates
from roster.domain.service import Candidate, ServedDepartment

TODAY = date(2026, 3, 15)
BRANCH = uuid.uuid4()


def member(stage: Stage = Stage.FULL, **changes: object) -> Member:
    person = Person("赵强", Gender.MALE, date(1980, 1, 1), EducationLevel.BACHELOR, "卷包车间", "机修工", "E-1")
    base = Member(
        id=uuid.uuid4(),
        branch_id=BRANCH,
        person=person,
        member_class=MemberClass.ORDINARY,
        stage=stage,
        pipeline=PipelineDates(probationary_on=date(2010, 7, 1), full_on=date(2011, 7, 1)),
        registered_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def department(name: str = "财务科", **changes: object) -> ServedDepartment:
    return replace(service.add_department(BRANCH, name, date(2025, 1, 1), TODAY), **changes)  # type: ignore[arg-type]


def post(*holders: Member, departments: tuple[ServedDepartment, ...] = ()) -> service.ServicePost:
    return service.open_service_post(
        BRANCH,
        ServicePostKind.MOBILE_SERVICE_POST,
        "流动服务岗",
        list(holders) or [member()],
        list(departments),
        date(2025, 6, 1),
        TODAY,
    )


def candidate(birth_date: date = date(2000, 5, 4)) -> Candidate:
    return Candidate("王小青", Gender.FEMALE, birth_date, EducationLevel.BACHELOR, "卷包车间")


def refused(error: type[DomainError], code: str, call: object, *args: object) -> None:
    with pytest.raises(error) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.code == code


# Served departments


def test_a_department_is_removed_once_and_not_before_it_was_added() -> None:
    served = department()
    removed = served.removed(date(2026, 1, 1), TODAY)

    assert not removed.active
    refused(ConflictError, "department_removed", removed.removed, TODAY, TODAY)
    refused(RuleViolationError, "date_order", served.removed, date(2024, 12, 31), TODAY)
    refused(RuleViolationError, "date_in_future", served.removed, date(2026, 3, 16), TODAY)
    refused(RuleViolationError, "date_in_future", service.add_department, BRANCH, "科", date(2026, 3, 16), TODAY)


# Service posts


def test_probationary_and_full_members_hold_posts() -> None:
    probationary, full = member(Stage.PROBATIONARY), member()
    opened = post(probationary, full, departments=(department(),))
    assert opened.holder_ids == (probationary.id, full.id)
    assert opened.open


def test_a_post_needs_a_holder_and_no_one_twice() -> None:
    holder = member()
    open_post = service.open_service_post
    kind = ServicePostKind.VANGUARD_POST
    refused(RuleViolationError, "holders_required", open_post, BRANCH, kind, "岗", [], [], TODAY, TODAY)
    refused(RuleViolationError, "holders_distinct", open_post, BRANCH, kind, "岗", [holder, holder], [], TODAY, TODAY)


@pytest.mark.parametrize(
    ("holder", "code"),
    [
        (member(Stage.ACTIVIST), "holder_not_party_member"),
        (member(Stage.CANDIDATE), "holder_not_party_member"),
        (member(status=MemberStatus.TRANSFERRED_OUT), "holder_not_party_member"),
        (member(branch_id=uuid.uuid4()), "holder_other_branch"),
    ],
)
def test_only_active_party_members_of_the_branch_hold_posts(holder: Member, code: str) -> None:
    refused(RuleViolationError, code, post, holder)


@pytest.mark.parametrize(
    ("departments", "code"),
    [
        ((department(branch_id=uuid.uuid4()),), "department_other_branch"),
        ((department(removed_on=date(2026, 1, 1)),), "department_removed"),
        ((shared := department(), shared), "departments_distinct"),
    ],
)
def test_a_post_serves_distinct_current_departments_of_its_branch(
    departments: tuple[ServedDepartment, ...], code: str
) -> None:
    with pytest.raises(RuleViolationError) as caught:
        post(member(), departments=departments)
    assert caught.value.code == code


def test_a_post_is_set_up_no_later_than_today() -> None:
    kind = ServicePostKind.VANGUARD_POST
    args = (BRANCH, kind, "岗", [member()], [], date(2026, 3, 16), TODAY)
    refused(RuleViolationError, "date_in_future", service.open_service_post, *args)


def test_a_change_replaces_the_post_and_must_change_something() -> None:
    holder, other = member(), member()
    opened = post(holder)
    changed = opened.changed("新名称", [other], [department()])

    assert (changed.name, changed.holder_ids, changed.assigned_on) == ("新名称", (other.id,), opened.assigned_on)
    refused(ConflictError, "nothing_to_update", opened.changed, opened.name, [holder], [])


def test_a_closed_post_is_neither_changed_nor_closed_again() -> None:
    opened = post()
    closed = opened.closed(date(2026, 1, 1), TODAY)

    assert closed.closed_on == date(2026, 1, 1)
    refused(ConflictError, "service_post_closed", closed.closed, TODAY, TODAY)
    refused(ConflictError, "service_post_closed", closed.changed, "名称", [member()], [])
    refused(RuleViolationError, "date_order", opened.closed, date(2025, 5, 31), TODAY)


# Reserve talent


def test_a_reserve_talent_is_at_least_fourteen_when_added() -> None:
    mentor = member()
    fourteen_today = date(2012, 3, 15)

    added = service.add_reserve_talent(BRANCH, candidate(fourteen_today), mentor, None, TODAY, TODAY)
    assert added.mentor_id == mentor.id
    with pytest.raises(RuleViolationError) as caught:
        service.add_reserve_talent(BRANCH, candidate(date(2012, 3, 16)), mentor, None, TODAY, TODAY)
    assert caught.value.code == "reserve_talent_too_young"
    assert "须年满 14 周岁" in caught.value.message
    assert "13 岁" in caught.value.message


def test_a_birth_date_or_added_date_in_the_future_is_refused() -> None:
    mentor = member()
    args = (BRANCH, candidate(date(2026, 3, 16)), mentor, None, TODAY, TODAY)
    refused(RuleViolationError, "birth_date_in_future", service.add_reserve_talent, *args)
    args = (BRANCH, candidate(), mentor, None, date(2026, 3, 16), TODAY)
    refused(RuleViolationError, "date_in_future", service.add_reserve_talent, *args)


@pytest.mark.parametrize(
    ("mentor", "code"),
    [
        (member(Stage.PROBATIONARY), "mentor_not_full_member"),
        (member(status=MemberStatus.DECEASED), "mentor_not_full_member"),
        (member(branch_id=uuid.uuid4()), "mentor_other_branch"),
    ],
)
def test_the_mentor_is_an_active_full_member_of_the_branch(mentor: Member, code: str) -> None:
    refused(RuleViolationError, code, service.add_reserve_talent, BRANCH, candidate(), mentor, None, TODAY, TODAY)


def test_a_linked_roster_entry_is_someone_else_active_on_the_branch() -> None:
    mentor = member()
    elsewhere = member(Stage.APPLICANT, branch_id=uuid.uuid4())
    gone = member(Stage.APPLICANT, status=MemberStatus.TRANSFERRED_OUT)
    add = service.add_reserve_talent

    refused(
        RuleViolationError, "reserve_member_not_on_roster", add, BRANCH, candidate(), mentor, elsewhere, TODAY, TODAY
    )
    refused(RuleViolationError, "reserve_member_not_on_roster", add, BRANCH, candidate(), mentor, gone, TODAY, TODAY)
    refused(RuleViolationError, "mentor_is_talent", add, BRANCH, candidate(), mentor, mentor, TODAY, TODAY)
    applicant = member(Stage.APPLICANT)
    assert add(BRANCH, candidate(), mentor, applicant, TODAY, TODAY).member_id == applicant.id


def test_a_person_is_in_the_reserve_once_at_a_time() -> None:
    applicant = member(Stage.APPLICANT)
    existing = service.add_reserve_talent(BRANCH, candidate(), member(), applicant, date(2025, 1, 1), TODAY)

    refused(ConflictError, "already_reserve_talent", service.require_not_in_reserve, applicant, existing)
    service.require_not_in_reserve(applicant, None)


def test_a_reserve_talent_is_removed_once_and_not_before_being_added() -> None:
    talent = service.add_reserve_talent(BRANCH, candidate(), member(), None, date(2025, 1, 1), TODAY)
    removed = talent.removed(date(2026, 1, 1), "已确定为入党积极分子", TODAY)

    assert (removed.removed_on, removed.remove_reason) == (date(2026, 1, 1), "已确定为入党积极分子")
    refused(ConflictError, "reserve_talent_removed", removed.removed, TODAY, "再次", TODAY)
    refused(RuleViolationError, "date_order", talent.removed, date(2024, 12, 31), "原因", TODAY)
