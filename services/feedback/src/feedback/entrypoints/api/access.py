"""Who may call feedback's staff routes, and the branch each resource belongs to (the access rules).

Each route takes one policy (exactly one ``allow``: the kit's shared ones in ``bastion.http.policies``, or
one below, or its own), then checks the branch of what it addresses: a suggestion names its branch, a
rating's subject (a branch, an activity, a member) resolves to one from the facts feedback keeps. A step on
a suggestion checks the suggestion it loads, in its own unit of work (:func:`on_suggestion`). Members act
only for themselves: they submit suggestions as their own proposer and follow their own ones.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated

from fastapi import Depends, Request

from bastion.auth import Principal, Role
from bastion.errors import ForbiddenError
from bastion.http.auth import allow, require_branch, sees_every_branch
from bastion.http.policies import require_own_branch
from bastion.runtime import ServiceRuntime
from bastion_contracts.vocabulary import RatingSubjectKind
from feedback.domain.suggestions import Suggestion
from feedback.service_layer.lookups import rated_subject
from feedback.service_layer.suggestions import SuggestionCheck
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork

ADMIN, SECRETARY, MEMBER, SERVICE = Role.ADMIN, Role.SECRETARY, Role.MEMBER, Role.SERVICE
EVERY_ROLE = (ADMIN, SECRETARY, MEMBER, SERVICE)

# Feedback's own policy; the shared ones are the kit's (a route takes exactly one).
OwnSuggestionStep = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, MEMBER, scope="secretary: own branch; member: own suggestions, not backdated")),
]


def own_member_id(principal: Principal) -> uuid.UUID:
    """The member's own id; a member token without one may see nothing personal."""
    if principal.member_id is None:
        raise ForbiddenError("登录信息中没有党员身份 (the token names no member)")
    return principal.member_id


def require_proposer(principal: Principal, proposer_member_id: uuid.UUID | None) -> None:
    if not principal.is_member(proposer_member_id):
        raise ForbiddenError("只能以本人身份提交或查看自己的建议 (members: only your own suggestions)")


def forbid_backdating(principal: Principal, request: Request) -> None:
    """Entering a step 'as it happened earlier' (``recorded_at``) is for staff copying from paper."""
    if principal.role is MEMBER and "recorded_at" in request.query_params:
        raise ForbiddenError("只有工作人员可以补录 (recorded_at is for staff)")


def may_see_suggestion(principal: Principal, suggestion: Suggestion) -> None:
    """403 unless the caller sees every branch, manages the suggestion's branch, or proposed it."""
    if principal.role is MEMBER:
        require_proposer(principal, suggestion.proposer_member_id)
    else:
        require_own_branch(principal, suggestion.branch_id)


def on_suggestion(principal: Principal) -> SuggestionCheck:
    """The check :func:`may_see_suggestion` for this caller, for a step to make on the suggestion it loads."""
    return partial(may_see_suggestion, principal)


async def require_subject(
    principal: Principal, runtime: ServiceRuntime, kind: RatingSubjectKind, subject_id: uuid.UUID
) -> None:
    """403 unless the caller manages the branch of what is rated (422 if feedback does not know it)."""
    if sees_every_branch(principal):
        return
    async with FeedbackUnitOfWork(runtime.sessions) as uow:
        subject = await rated_subject(uow, kind, subject_id)
    require_branch(principal, subject.branch_id)
