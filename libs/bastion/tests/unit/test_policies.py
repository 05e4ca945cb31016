from __future__ import annotations

import uuid

import pytest

from bastion.auth import Principal, Role
from bastion.errors import ForbiddenError
from bastion.http.policies import own_branch

OURS, THEIRS = uuid.uuid4(), uuid.uuid4()


def test_a_secretary_acts_on_their_own_branch_only() -> None:
    check = own_branch(Principal("s", Role.SECRETARY, branch_ids=frozenset({OURS})))
    check(OURS)
    with pytest.raises(ForbiddenError, match="not your branch"):
        check(THEIRS)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SERVICE])
def test_the_committee_and_machine_clients_pass_the_branch_check_everywhere(role: Role) -> None:
    own_branch(Principal("x", role))(THEIRS)


def test_a_member_passes_no_branch_check() -> None:
    with pytest.raises(ForbiddenError):
        own_branch(Principal("m", Role.MEMBER, member_id=uuid.uuid4()))(OURS)
