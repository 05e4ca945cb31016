"""Signing in (public): password sign-in, the forced password change, renewing and ending a session, and
the JWKS the other services check Bastion's tokens against.

The session lives in an HttpOnly, SameSite=Strict cookie that page scripts cannot read; the page keeps
only the short-lived access token, in memory, and renews it with ``POST /auth/refresh`` (after a reload
too). ``GET /auth/me`` is behind sign-in like every other route.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Request, Response, status
from fastapi.responses import JSONResponse

from bastion.auth import Principal
from bastion.errors import ForbiddenError, NotFoundError, UnauthenticatedError
from bastion.http import RuntimeDep
from bastion.http.auth import allow
from roster.adapters.signing_keys import public_jwk
from roster.entrypoints.api.access import ADMIN, MEMBER, SECRETARY
from roster.entrypoints.api.dependencies import ContextDep, SettingsDep
from roster.entrypoints.api.schemas.accounts import (
    PasswordChange,
    PersonPublic,
    SessionPublic,
    SignIn,
    SignInOptions,
)
from roster.service_layer import accounts, sessions
from roster.service_layer.sessions import IssuedSession
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings

SESSION_COOKIE = "bastion_session"

router = APIRouter(prefix="/auth", tags=["signing in"])
me_router = APIRouter(prefix="/auth", tags=["signing in"])

SessionCookie = Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)]


def set_refresh_cookie(request: Request, response: Response, issued: IssuedSession, settings: RosterSettings) -> None:
    """The session cookie: HttpOnly (no script reads it), SameSite=Strict, Secure over HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        issued.refresh_token,
        max_age=int(settings.session_lifetime.total_seconds()),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def _signed_in(request: Request, issued: IssuedSession, settings: RosterSettings) -> JSONResponse:
    body = SessionPublic(
        access_token=issued.access_token, expires_in=issued.expires_in, person=PersonPublic.of(issued.person)
    )
    response = JSONResponse(body.model_dump(mode="json"), headers={"Cache-Control": "no-store"})
    set_refresh_cookie(request, response, issued, settings)
    return response


def client_of(request: Request) -> str | None:
    """Where a session was opened from, as the sessions table keeps it: the address and the browser."""
    agent = request.headers.get("user-agent", "")[:200]
    host = request.client.host if request.client else ""
    return f"{host} {agent}".strip() or None


@router.get("/config", response_model=SignInOptions)
async def sign_in_options(settings: SettingsDep) -> SignInOptions:
    """How people may sign in here: password, and the enterprise identity provider when connected."""
    return SignInOptions(oidc=settings.oidc_enabled, oidc_label=settings.oidc_label)


@router.post(
    "/login",
    response_model=SessionPublic,
    responses={
        401: {"description": "Wrong username or password (`invalid_credentials`)"},
        403: {
            "description": "Locked after five wrong passwords (`account_locked`), disabled, not in the roster, or "
            "an initial password still to change (`password_change_required`: POST /auth/password)"
        },
    },
)
async def sign_in(body: SignIn, request: Request, context: ContextDep, settings: SettingsDep) -> JSONResponse:
    """Sign in with a username and password; sets the session cookie and answers an access token."""
    account = await accounts.check_password(context.uow, body.username, body.password, now=context.now)
    if account.must_change_password:
        raise ForbiddenError("首次登录或密码被重置后，须先修改密码", code="password_change_required")
    issued = await sessions.open_session(
        context.uow, account.id, settings=settings, client=client_of(request), now=context.now
    )
    return _signed_in(request, issued, settings)


@router.post(
    "/password",
    response_model=SessionPublic,
    responses={
        401: {"description": "Wrong username or current password (`invalid_credentials`)"},
        403: {"description": "Locked, disabled, or not (or no longer) a Party member on the roster"},
    },
)
async def change_password(
    body: PasswordChange, request: Request, context: ContextDep, settings: SettingsDep
) -> JSONResponse:
    """Change one's own password (the current one proves it is you), then be signed in."""
    production = settings.environment == "production"
    account = await accounts.change_password(
        context.uow, body.username, body.current_password, body.new_password, now=context.now, production=production
    )
    issued = await sessions.open_session(
        context.uow, account.id, settings=settings, client=client_of(request), now=context.now
    )
    return _signed_in(request, issued, settings)


@router.post("/refresh", response_model=SessionPublic, responses={401: {"description": "No live session"}})
async def refresh(
    request: Request, context: ContextDep, settings: SettingsDep, session: SessionCookie = None
) -> JSONResponse:
    """A new access token for the session in the cookie, with the role the roster gives now."""
    if not session:
        raise UnauthenticatedError("尚未登录", code="session_ended")
    issued = await sessions.refresh_session(context.uow, session, settings=settings, now=context.now)
    return _signed_in(request, issued, settings)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out(context: ContextDep, session: SessionCookie = None) -> Response:
    """End the session: its cookie renews nothing any more, and is cleared."""
    if session:
        await sessions.close_session(context.uow, session, now=context.now)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/jwks")
async def jwks(context: ContextDep, settings: SettingsDep) -> JSONResponse:
    """The public keys of Bastion's sign-in tokens (the current one and those retired recently)."""
    keep = settings.access_token_lifetime + settings.key_rotation / 10
    async with context.uow as uow:
        await uow.signing_keys.current(context.now, settings.key_rotation)  # a first key on a new install
        keys = await uow.signing_keys.published(context.now, keep)
        await uow.commit()
    body: dict[str, Any] = {"keys": [public_jwk(key) for key in keys]}
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=300"})


@me_router.get("/me", response_model=PersonPublic)
async def me(
    runtime: RuntimeDep,
    principal: Annotated[Principal, Depends(allow(ADMIN, SECRETARY, MEMBER, scope="the signed-in person"))],
) -> PersonPublic:
    """Who is signed in, their role as the roster gives it now, and where their work is."""
    try:
        account_id = uuid.UUID(principal.subject)
    except ValueError as exc:
        raise NotFoundError("此令牌不是经本系统登录签发的", code="not_a_session") from exc
    return PersonPublic.of(await sessions.person_of(RosterUnitOfWork(runtime.sessions), account_id))
