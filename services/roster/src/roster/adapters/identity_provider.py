"""The enterprise's identity provider (OpenID Connect), through Authlib: where to send a person to sign in,
and who the provider says came back.

Authlib does the protocol: discovery, the authorisation URL with state, nonce and a PKCE (S256) challenge,
the code exchange, and the ID token's signature against the provider's JWKS. What it leaves to its caller,
this module does: it insists on the issuer and the audience (Authlib checks them only when told to), and
turns every way the provider can fail into one of two errors, so the caller never sees a library's own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx2
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from joserfc.errors import JoseError

from bastion.errors import InfrastructureError, UnauthenticatedError
from roster.settings import RosterSettings

log = logging.getLogger(__name__)

# What Bastion needs from the provider's discovery document to run the flow.
_REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


class IdentityProviderUnavailable(InfrastructureError):
    """The provider could not be reached, or answered with something that is not OpenID Connect."""

    default_code = "identity_provider_unavailable"


class IdentityNotProven(UnauthenticatedError):
    """The provider refused the code, or its ID token does not hold (signature, issuer, audience, nonce, expiry)."""

    default_code = "identity_not_proven"


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """Where to send the browser, and what must come back with it (kept by the caller until the callback)."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True, slots=True)
class ProviderIdentity:
    """Who the provider says signed in: its subject (`sub`) and, when it states one, an employee number (工号)."""

    subject: str
    employee_number: str | None


class IdentityProvider:
    """One provider, configured by roster's settings. Keeps the discovery document and keys once fetched."""

    def __init__(self, settings: RosterSettings) -> None:
        if not settings.oidc_enabled:
            raise ValueError("OpenID Connect sign-in is not configured")
        self._settings = settings
        client_kwargs: dict[str, Any] = {
            "scope": settings.oidc_scopes,
            "code_challenge_method": "S256",
            "timeout": settings.oidc_timeout_seconds,
        }
        secret = settings.oidc_client_secret
        if secret is None:
            client_kwargs["token_endpoint_auth_method"] = "none"  # noqa: S105 - a public client: PKCE is its proof
        registry = OAuth()
        registry.register(
            "enterprise",
            client_id=settings.oidc_client_id,
            client_secret=secret.get_secret_value() if secret else None,
            server_metadata_url=settings.oidc_metadata_url,
            client_kwargs=client_kwargs,
        )
        self._client = registry.create_client("enterprise")

    @property
    def redirect_url(self) -> str:
        return str(self._settings.oidc_redirect_url)

    async def authorization_request(self) -> AuthorizationRequest:
        """A new authorisation request: fresh state, nonce and PKCE verifier."""
        with _translated_errors():
            await self._metadata()
            request = await self._client.create_authorization_url(self.redirect_url)
        return AuthorizationRequest(
            url=request["url"], state=request["state"], nonce=request["nonce"], code_verifier=request["code_verifier"]
        )

    async def identity(self, code: str, *, nonce: str, code_verifier: str) -> ProviderIdentity:
        """Exchange the code and return who the validated ID token (and, if needed, userinfo) names."""
        with _translated_errors():
            token = await self._client.fetch_access_token(
                redirect_uri=self.redirect_url, code=code, code_verifier=code_verifier
            )
            if "id_token" not in token:
                raise IdentityNotProven("无法登录：统一身份认证没有返回身份令牌（ID token）")
            claims = await self._client.parse_id_token(
                token, nonce=nonce, claims_options=self._claims_options(), leeway=self._settings.auth_clock_skew_seconds
            )
            subject = str(claims["sub"])
            employee_number = _employee_number(claims.get(self._settings.oidc_employee_number_claim))
            if employee_number is None:
                employee_number = await self._employee_number_from_userinfo(token, subject)
        return ProviderIdentity(subject=subject, employee_number=employee_number)

    def _claims_options(self) -> dict[str, Any]:
        return {
            "iss": {"essential": True, "value": self._settings.oidc_issuer},
            "aud": {"essential": True, "value": self._settings.oidc_client_id},
            "sub": {"essential": True},
        }

    async def _employee_number_from_userinfo(self, token: dict[str, Any], subject: str) -> str | None:
        """Some providers state extra claims only at userinfo; its answer counts only for the same subject."""
        if "userinfo_endpoint" not in await self._metadata():
            return None
        info = await self._client.userinfo(token=token)
        if info.get("sub") != subject:
            log.warning("userinfo names another subject than the ID token; its claims are ignored")
            return None
        return _employee_number(info.get(self._settings.oidc_employee_number_claim))

    async def _metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = await self._client.load_server_metadata()
        missing = [key for key in _REQUIRED_METADATA if not metadata.get(key)]
        if missing:
            raise IdentityProviderUnavailable(f"the provider's discovery document lacks {', '.join(missing)}")
        if metadata["issuer"] != self._settings.oidc_issuer:
            raise IdentityProviderUnavailable(
                f"the provider calls itself {metadata['issuer']!r}, not the configured issuer"
                f" {self._settings.oidc_issuer!r}"
            )
        return metadata


def _employee_number(value: object) -> str | None:
    """The claim as text: providers send a number or a string; anything else is no employee number."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


@contextmanager
def _translated_errors() -> Iterator[None]:
    """The provider's failures as Bastion's: unreachable (retry later) or not proven (sign in again)."""
    try:
        yield
    except (httpx2.HTTPError, json.JSONDecodeError) as exc:
        raise IdentityProviderUnavailable(f"the identity provider did not answer properly: {exc!r}") from exc
    except OAuthError as exc:
        log.info("the identity provider refused the code", extra={"error": exc.error})
        raise IdentityNotProven("无法登录：统一身份认证没有确认此次登录，请重新登录") from exc
    except JoseError as exc:
        log.warning("an ID token failed validation", extra={"error": exc.error, "reason": exc.description})
        raise IdentityNotProven("无法登录：统一身份认证返回的身份令牌无效") from exc
