"""Accounts' rules as pure logic: lockout, the passwords a person may choose, the role the roster gives."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bastion.auth.principal import Role
from bastion.errors import ForbiddenError, RuleViolationError
from bastion_contracts.vocabulary import CommitteeRole, MemberStatus, OrgUnitKind, Stage
from roster.domain.accounts import LOCK_DURATION, Account, PersonFacts, access_of, check_new_password

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
BRANCH, OTHER = uuid.uuid4(), uuid.uuid4()


def account(member_id: uuid.UUID | None = None) -> Account:
    return Account(uuid.uuid4(), "10234", "张华", member_id, "$argon2id$…", False, 0, None, None, None, NOW)


def person(stage: Stage = Stage.FULL, **changes: object) -> PersonFacts:
    values: dict[str, object] = {
        "member_id": uuid.uuid4(),
        "name": "张华",
        "branch_id": BRANCH,
        "stage": stage,
        "status": MemberStatus.ACTIVE,
        "branch_seats": frozenset(),
        "offices": frozenset(),
    }
    return PersonFacts(**(values | changes))  # type: ignore[arg-type]


def test_the_fifth_wrong_password_in_a_row_locks_for_fifteen_minutes() -> None:
    state = account()
    for _ in range(4):
        state = state.after_failure(NOW)
        assert not state.locked(NOW)

    locked = state.after_failure(NOW)

    assert locked.locked(NOW)
    assert locked.locked(NOW + LOCK_DURATION - timedelta(seconds=1))
    assert not locked.locked(NOW + LOCK_DURATION)
    assert locked.after_success().failed_attempts == 0


@pytest.mark.parametrize(
    ("password", "code"),
    [("short1", "password_too_short"), ("10234", "password_too_short"), ("abcdefghij", "password_too_simple")],
)
def test_weak_passwords_are_refused_with_the_rule_named(password: str, code: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        check_new_password(password, username="10234")
    assert refused.value.code == code


def test_the_demo_password_is_refused_in_production_only() -> None:
    assert check_new_password("Demo-2026", username="member4") == "Demo-2026"
    with pytest.raises(RuleViolationError) as refused:
        check_new_password("Demo-2026", username="member4", production=True)
    assert refused.value.code == "password_is_default"


def test_roles_follow_the_seats_held() -> None:
    party_committee = (uuid.uuid4(), OrgUnitKind.PARTY_COMMITTEE, (BRANCH, OTHER))
    general_branch = (uuid.uuid4(), OrgUnitKind.GENERAL_BRANCH, (BRANCH, OTHER))
    holder = person()

    assert access_of(account(holder.member_id), holder).role is Role.MEMBER
    assert access_of(account(), None).role is Role.ADMIN  # IT's administrator
    assert access_of(account(holder.member_id), person(offices=frozenset({party_committee}))).role is Role.ADMIN
    secretary = access_of(
        account(holder.member_id), person(branch_seats=frozenset({(BRANCH, CommitteeRole.DEPUTY_SECRETARY)}))
    )
    assert (secretary.role, secretary.branch_ids) == (Role.SECRETARY, frozenset({BRANCH}))
    publicity = access_of(
        account(holder.member_id), person(branch_seats=frozenset({(BRANCH, CommitteeRole.PUBLICITY_OFFICER)}))
    )
    assert publicity.role is Role.MEMBER
    above = access_of(account(holder.member_id), person(offices=frozenset({general_branch})))
    assert above.branch_ids == frozenset({BRANCH, OTHER})


def test_people_who_are_not_or_no_longer_members_have_no_way_in() -> None:
    with pytest.raises(ForbiddenError) as activist:
        access_of(account(uuid.uuid4()), person(Stage.ACTIVIST))
    with pytest.raises(ForbiddenError) as lapsed:
        access_of(account(uuid.uuid4()), person(status=MemberStatus.LAPSED))

    assert activist.value.code == "not_a_party_member"
    assert lapsed.value.code == "member_not_active"
