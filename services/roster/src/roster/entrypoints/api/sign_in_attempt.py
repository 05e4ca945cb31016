"""One sign-in through the identity provider, between the redirect and the callback: its state, nonce, PKCE
verifier and the page to open afterwards, kept in a signed, HttpOnly cookie that lives ten minutes.

A cookie, not a session kept in the process: roster may run as several replicas behind the proxy and the
callback may reach another one than the redirect did; a cookie signed with a secret every replica shares needs no
shared store. Not Starlette's SessionMiddleware either (what Authlib's own redirect helpers expect): that is
app-wide and would put a session cookie on every roster answer, where this one is scoped to the callback's path
and exists for one sign-in. Like Starlette's session cookie it is signed (itsdangerous), not encrypted: the
nonce and verifier stay between this browser and Bastion, and PKCE asks no more of them than that.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bastion.errors import DomainError

COOKIE = "bastion_oidc_sign_in"
LIFETIME_SECONDS = 600
_SALT = "bastion.roster.oidc-sign-in"
_MAX_NEXT_LENGTH = 2_000


class SignInExpired(DomainError):
    """The callback carries no sign-in this browser started, or one older than its lifetime, or another one's state."""

    default_code = "sign_in_expired"


class UnsafeNext(DomainError):
    """The page to open after signing in is not a path of this site."""

    default_code = "unsafe_next"


@dataclass(frozen=True, slots=True)
class SignInAttempt:
    state: str
    nonce: str
    code_verifier: str
    next_path: str


def safe_next(value: str | None) -> str:
    """``value`` if it is a path on this origin (``/workbench?tab=1``), ``/`` if absent; refused otherwise.

    ``//host`` and ``/\\host`` are other origins to a browser, and browsers drop tabs and line breaks from an
    address before reading it, so ``/\\t/host`` is one too: every control character is refused.
    """
    if not value:
        return "/"
    if (
        len(value) > _MAX_NEXT_LENGTH
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
        or urlsplit(value).netloc
    ):
        raise UnsafeNext("无法登录：登录后要打开的页面必须是本站的地址（以 / 开头的路径）")
    return value


class SignInCookie:
    """Writes and reads the attempt. ``path`` is the callback's path as the browser sees it, so the cookie goes
    nowhere else; ``secure`` when that address is https."""

    def __init__(self, secret: str, *, path: str, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self._path = path
        self._secure = secure

    def keep(self, response: Response, attempt: SignInAttempt) -> None:
        sealed = self._serializer.dumps(
            {"s": attempt.state, "n": attempt.nonce, "v": attempt.code_verifier, "r": attempt.next_path}
        )
        # Lax: the callback is a top-level navigation from the provider's site, which Lax cookies accompany.
        response.set_cookie(
            COOKIE,
            sealed,
            max_age=LIFETIME_SECONDS,
            path=self._path,
            secure=self._secure,
            httponly=True,
            samesite="lax",
        )

    def take(self, request: Request, state: str | None) -> SignInAttempt:
        """The attempt this callback completes; refused unless signed by us, young enough, and for this state."""
        sealed = request.cookies.get(COOKIE)
        if not sealed or not state:
            raise SignInExpired("无法登录：没有找到本浏览器发起的登录，或登录已超时，请重新登录")
        try:
            kept = self._serializer.loads(sealed, max_age=LIFETIME_SECONDS)
            attempt = SignInAttempt(state=kept["s"], nonce=kept["n"], code_verifier=kept["v"], next_path=kept["r"])
        except (BadSignature, KeyError, TypeError) as exc:
            raise SignInExpired("无法登录：登录请求已失效（超时或被改动），请重新登录") from exc
        if not secrets.compare_digest(attempt.state.encode(), state.encode()):
            raise SignInExpired("无法登录：登录请求与本浏览器发起的不符，请重新登录")
        safe_next(attempt.next_path)
        return attempt

    def forget(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path=self._path, secure=self._secure, httponly=True, samesite="lax")
