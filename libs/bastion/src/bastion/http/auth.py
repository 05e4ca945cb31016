"""Authentication and role checks for every service's routes.

People send ``Authorization: Bearer <JWT>``; machines send ``X-API-Key: bsk_…``. A service's routers are
mounted behind :func:`authenticate` (the kit does it in ``create_app``); each route then says who may call
it with :func:`allow`, and checks branch scope itself where the resource names a branch
(:meth:`Principal.manages`). Routers a service declares public (feedback's mobile pages) need neither.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Collection
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from bastion.auth import api_keys
from bastion.auth.audit import Actor, current_actor
from bastion.auth.principal import Principal, Role
from bastion.auth.tokens import TokenVerifier
from bastion.errors import ForbiddenError, UnauthenticatedError
from bastion.tracing import current_trace

_bearer = HTTPBearer(auto_error=False, description="A JWT from the identity provider (or `make run`'s token).")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="A machine client's key (`bastion api-keys`).")

Policy = Callable[..., Awaitable[Principal]]


async def authenticate(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    key: Annotated[str | None, Security(_api_key)],
) -> Principal:
    """Who is asking; 401 with the reason if nobody, or nobody we trust."""
    if bearer is not None and key is not None:
        raise UnauthenticatedError("请只用一种凭据 (send a bearer token or an API key, not both)")
    if bearer is not None:
        verifier: TokenVerifier = request.app.state.token_verifier
        principal = await verifier.verify(bearer.credentials)
    elif key is not None:
        async with request.app.state.runtime.engine.connect() as connection:
            principal = await api_keys.authenticate(connection, key)
    else:
        raise UnauthenticatedError("需要登录 (send Authorization: Bearer <token> or X-API-Key)")
    trace = current_trace.get()
    client = request.client.host if request.client else None
    current_actor.set(Actor(principal, request.method, request.url.path, client, trace.trace_id if trace else None))
    request.state.principal = principal
    return principal


Caller = Annotated[Principal, Depends(authenticate)]


def allow(*roles: Role, scope: str = "") -> Policy:
    """A dependency admitting only these roles; 403 naming the caller's role otherwise. ``scope`` says, for
    the access table in the docs, what the route narrows further (e.g. "secretary: own branch; member:
    self"); the route checks that itself (:func:`require_branch`, :meth:`Principal.is_member`)."""
    allowed = frozenset(roles)

    async def policy(principal: Caller) -> Principal:
        if principal.role not in allowed:
            raise ForbiddenError(
                f"无权操作：角色 {principal.role.value} 不能访问 (role {principal.role.value} may not; "
                f"allowed: {', '.join(sorted(r.value for r in allowed))})"
            )
        return principal

    policy.__bastion_roles__ = allowed  # type: ignore[attr-defined]  # read by the access table and its check
    policy.__bastion_scope__ = scope  # type: ignore[attr-defined]
    return policy


def require_branch(principal: Principal, branch_id: uuid.UUID | None) -> None:
    """403 unless the caller manages this branch (the committee, or the branch's secretary)."""
    if not principal.manages(branch_id):
        raise ForbiddenError("无权访问其他支部的数据 (not your branch)")


def sees_every_branch(principal: Principal) -> bool:
    """The committee and machine clients (reads only; their writes are refused by the policy)."""
    return principal.role in (Role.ADMIN, Role.SERVICE)


def branches_to_list(principal: Principal, branch_id: uuid.UUID | None) -> Collection[uuid.UUID] | None:
    """For a list: the branches a secretary sees (the one asked for, 403 if not theirs, else all of theirs);
    None (no narrowing) for those who see every branch."""
    if sees_every_branch(principal):
        return None
    if branch_id is not None:
        require_branch(principal, branch_id)
        return (branch_id,)
    return principal.branch_ids
