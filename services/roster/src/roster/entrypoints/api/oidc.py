"""Signing in through the enterprise's identity provider (OpenID Connect, authorisation code with PKCE).

``GET /auth/oidc/login?next=/path`` sends the browser to the provider; the provider sends it back to
``GET /auth/oidc/callback``, where Bastion checks who came back, finds them in the roster, opens a session
(the session cookie, as a password sign-in does) and opens ``next``. Public: nobody is signed in yet.
Whatever fails answers a short page in Chinese that says why (never a 500, never a half-made session).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from bastion.errors import BastionError, DomainError, NotFoundError, UnauthenticatedError
from bastion.http.problems import status_of
from roster.adapters.identity_provider import IdentityNotProven, IdentityProvider, IdentityProviderUnavailable
from roster.entrypoints.api.auth import client_of, set_refresh_cookie
from roster.entrypoints.api.dependencies import ContextDep, RosterRuntime, SettingsDep
from roster.entrypoints.api.sign_in_attempt import SignInAttempt, SignInCookie, safe_next
from roster.entrypoints.api.sign_in_pages import sign_in_failed
from roster.service_layer.provider_sign_in import sign_in_with_provider

log = logging.getLogger(__name__)

router = APIRouter(prefix="/auth/oidc", tags=["signing in"])

_PAGE: dict[str, Any] = {"content": {"text/html": {}}}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {**_PAGE, "description": "A page: the sign-in expired, was altered, or `next` is not a path of this site."},
    401: {**_PAGE, "description": "A page: the provider refused, or its answer does not prove who signed in."},
    403: {**_PAGE, "description": "A page: the person is not someone Bastion lets in (not in the roster)."},
    404: {**_PAGE, "description": "A page: signing in through an identity provider is not configured."},
    503: {**_PAGE, "description": "A page: the identity provider cannot be reached now."},
}


class ProviderRefused(UnauthenticatedError):
    """The provider came back with an error instead of a code (the person declined, or it refused the client)."""

    default_code = "provider_refused"


class OidcDisabled(NotFoundError):
    """No identity provider is configured here: people sign in with a password."""

    default_code = "oidc_disabled"


@dataclass(frozen=True, slots=True)
class OidcSignIn:
    """The process's provider (its discovery document and keys, fetched once) and the attempt cookie."""

    provider: IdentityProvider
    cookie: SignInCookie


async def oidc_sign_in(runtime: RosterRuntime) -> OidcSignIn | None:
    """This process's :class:`OidcSignIn`, made at the first sign-in; None when no provider is configured.

    Async, with no await inside: it runs on the event loop, never in two threads at once, so one process makes
    one (with one cookie secret)."""
    kept = runtime.part(OidcSignIn)
    if kept is not None:
        return kept
    settings = runtime.settings
    if not settings.oidc_enabled:
        return None
    callback = urlsplit(str(settings.oidc_redirect_url))
    # Production refuses an unset secret; elsewhere one process is the only replica, so its own random one will do.
    secret = settings.oidc_cookie_secret.get_secret_value() if settings.oidc_cookie_secret else secrets.token_hex(32)
    made = OidcSignIn(
        IdentityProvider(settings), SignInCookie(secret, path=callback.path, secure=callback.scheme == "https")
    )
    runtime.keep(made)
    return made


SignInDep = Annotated[OidcSignIn | None, Depends(oidc_sign_in)]


@router.get("/login", response_class=RedirectResponse, status_code=302, responses=_ANSWERS)
async def start_sign_in(
    sign_in: SignInDep, next_path: Annotated[str | None, Query(alias="next", max_length=2_000)] = None
) -> Response:
    """Sign in through the enterprise's identity provider: a redirect to its sign-in page (with state, nonce and
    a PKCE S256 challenge). ``next``: the page of this site to open afterwards (a path such as ``/workbench``)."""
    if sign_in is None:
        return _failed(_disabled())
    try:
        attempt_next = safe_next(next_path)
        request = await sign_in.provider.authorization_request()
    except BastionError as exc:
        return _failed(exc)
    response = RedirectResponse(request.url, status_code=302, headers={"Cache-Control": "no-store"})
    sign_in.cookie.keep(response, SignInAttempt(request.state, request.nonce, request.code_verifier, attempt_next))
    return response


@router.get("/callback", response_class=RedirectResponse, status_code=302, responses=_ANSWERS)
async def finish_sign_in(
    request: Request,
    sign_in: SignInDep,
    context: ContextDep,
    settings: SettingsDep,
    code: Annotated[str | None, Query(max_length=4_000)] = None,
    state: Annotated[str | None, Query(max_length=1_000)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Where the identity provider sends the browser back: the code is exchanged and the ID token checked
    (signature, issuer, audience, nonce), the person found in the roster, a session opened (the session cookie)
    and the page asked for opened."""
    if sign_in is None:
        return _failed(_disabled())
    response: Response
    try:
        if error:
            raise ProviderRefused(f"无法登录：统一身份认证没有同意此次登录（{error}）")
        attempt = sign_in.cookie.take(request, state)
        if not code:
            raise IdentityNotProven("无法登录：统一身份认证没有返回授权码，请重新登录")
        identity = await sign_in.provider.identity(code, nonce=attempt.nonce, code_verifier=attempt.code_verifier)
        issued = await sign_in_with_provider(identity, context, settings=settings, client=client_of(request))
    except BastionError as exc:
        response = _failed(exc)
    else:
        response = RedirectResponse(attempt.next_path, status_code=302, headers={"Cache-Control": "no-store"})
        set_refresh_cookie(request, response, issued, settings)
    sign_in.cookie.forget(response)  # one attempt, one callback, whatever its outcome
    return response


def _disabled() -> OidcDisabled:
    return OidcDisabled("无法登录：本系统没有启用统一身份认证，请用账号和密码登录")


def _failed(error: BastionError) -> HTMLResponse:
    if isinstance(error, DomainError):
        log.info("sign-in through the identity provider refused", extra={"error": error.code})
        return sign_in_failed(status_of(error), error.code, error.message)
    log.warning("sign-in through the identity provider failed", extra={"error": error.code, "reason": error.message})
    if isinstance(error, IdentityProviderUnavailable):
        return sign_in_failed(503, error.code, "无法登录：统一身份认证暂时无法访问，请稍后再试")
    return sign_in_failed(503, error.code, "无法登录：服务暂时不可用，请稍后再试")
