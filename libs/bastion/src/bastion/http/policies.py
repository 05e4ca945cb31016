"""The access policies many routes share, and the branch check that goes with them.

A route takes exactly one policy (one :func:`~bastion.http.auth.allow`), which says which roles may call it
and, for the access table, how the route narrows by branch; the route then checks the branch of what it
addresses (:func:`require_own_branch`).
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated

from fastapi import Depends

from bastion.auth import Principal, Role
from bastion.handlers import BranchCheck
from bastion.http.auth import allow, require_branch, sees_every_branch

ADMIN, SECRETARY, SERVICE = Role.ADMIN, Role.SECRETARY, Role.SERVICE

# Changes a branch makes: the committee anywhere, a secretary in their own branch.
BranchWrite = Annotated[Principal, Depends(allow(ADMIN, SECRETARY, scope="secretary: own branch"))]
# Reads of one branch's resource: as above, and machine clients read everything.
BranchRead = Annotated[
    Principal, Depends(allow(ADMIN, SECRETARY, SERVICE, scope="secretary: own branch; service: read"))
]
# Lists over branches: a secretary's are narrowed to their own (:func:`bastion.http.auth.branches_to_list`).
BranchList = Annotated[
    Principal,
    Depends(
        allow(ADMIN, SECRETARY, SERVICE, scope="secretary: own branches (narrowed; another branch 403); service: read")
    ),
]
AdminOnly = Annotated[Principal, Depends(allow(ADMIN, scope="admin only"))]


def require_own_branch(principal: Principal, branch_id: uuid.UUID | None) -> None:
    """403 unless the caller sees every branch or manages this one (a secretary's filter or body)."""
    if not sees_every_branch(principal):
        require_branch(principal, branch_id)


def own_branch(principal: Principal) -> BranchCheck:
    """The handler's check of :func:`require_own_branch` for this caller."""
    return partial(require_own_branch, principal)
