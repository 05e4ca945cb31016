"""Roster's settings: the kit's, read with the ``ROSTER_`` prefix; signing in (roster keeps accounts), also
through the enterprise's identity provider."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, ClassVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator

from bastion.errors import ConfigurationError
from bastion.production import Secret
from bastion.settings import ServiceSettings, settings_config


class RosterSettings(ServiceSettings):
    service_name: ClassVar[str] = "roster"
    default_http_port: ClassVar[int] = 8001
    model_config = settings_config("roster")

    access_token_minutes: int = Field(
        default=10,
        ge=1,
        le=60,
        description="Lifetime of the token a signed-in person's page sends with each call; the page renews it "
        "from its session, with the role the roster gives at that moment.",
    )
    session_hours: float = Field(
        default=12.0, gt=0, le=24 * 30, description="How long a sign-in lasts before the person signs in again."
    )
    signing_key_rotation_days: float = Field(
        default=30.0, gt=0, description="A new token-signing key after this many days (`bastion keys rotate`: now)."
    )

    # Signing in through the enterprise's identity provider (OpenID Connect, authorisation code with PKCE).
    # Off unless the issuer, the client id and the redirect URL are all set; see README "Connecting your
    # identity provider".
    oidc_issuer: str | None = Field(
        default=None,
        description="The identity provider's issuer (https://sso.example.cn/realms/bastion), exactly as its "
        "ID tokens state it in `iss`.",
    )
    oidc_discovery_url: str | None = Field(
        default=None,
        description="The provider's discovery document; default: <issuer>/.well-known/openid-configuration.",
    )
    oidc_client_id: str | None = Field(default=None, description="Bastion's client id at the provider.")
    oidc_client_secret: Annotated[SecretStr | None, Secret()] = Field(
        default=None,
        description="Bastion's client secret at the provider (best as ROSTER_OIDC_CLIENT_SECRET_FILE); unset for a "
        "public client, which then proves itself with PKCE alone.",
    )
    oidc_scopes: str = Field(
        default="openid profile",
        description="Scopes asked for, separated by spaces; must include openid.",
    )
    oidc_employee_number_claim: str = Field(
        default="employee_number",
        min_length=1,
        description="The claim (ID token or userinfo) holding the person's employee number (工号), which links "
        "them to the roster the first time; afterwards the provider's `sub` is enough.",
    )
    oidc_redirect_url: str | None = Field(
        default=None,
        description="The callback address registered at the provider, as the browser reaches it through the one "
        "address: https://bastion.example.cn/api/roster/auth/oidc/callback.",
    )
    oidc_button_label: str = Field(
        default="企业统一身份认证", min_length=1, description="The sign-in button's label on the sign-in page."
    )
    oidc_cookie_secret: Annotated[SecretStr | None, Secret()] = Field(
        default=None,
        description="Signs the short-lived cookie that carries a sign-in's state, nonce and PKCE verifier from the "
        "redirect to the callback; every roster replica needs the same one (best as ROSTER_OIDC_COOKIE_SECRET_FILE). "
        "Unset outside production: a random one per process.",
    )
    oidc_timeout_seconds: float = Field(
        default=10.0, gt=0, le=60, description="Bound on each request to the identity provider."
    )

    @property
    def access_token_lifetime(self) -> timedelta:
        return timedelta(minutes=self.access_token_minutes)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @property
    def key_rotation(self) -> timedelta:
        return timedelta(days=self.signing_key_rotation_days)

    @field_validator("oidc_scopes")
    @classmethod
    def _asks_for_openid(cls, value: str) -> str:
        if "openid" not in value.split():
            raise ValueError("the scopes must include openid")
        return value

    @property
    def oidc_enabled(self) -> bool:
        """Whether people can sign in through the identity provider (the sign-in page shows its button)."""
        return self.oidc_issuer is not None and self.oidc_client_id is not None and self.oidc_redirect_url is not None

    @property
    def oidc_label(self) -> str | None:
        """The sign-in button's label, or None when there is no provider to sign in through."""
        return self.oidc_button_label if self.oidc_enabled else None

    @property
    def oidc_metadata_url(self) -> str:
        """Where the provider's endpoints and keys are described."""
        if self.oidc_discovery_url:
            return self.oidc_discovery_url
        return f"{(self.oidc_issuer or '').rstrip('/')}/.well-known/openid-configuration"

    @model_validator(mode="after")
    def _oidc_complete(self) -> RosterSettings:
        """Half a provider configuration is a mistake to report at start-up, not a button that fails."""
        required = ("oidc_issuer", "oidc_client_id", "oidc_redirect_url")
        missing = [self.variable_name(name) for name in required if not getattr(self, name)]
        if 0 < len(missing) < len(required):
            raise ConfigurationError(f"OpenID Connect sign-in is half configured: set {', '.join(missing)}")
        for name in ("oidc_issuer", "oidc_discovery_url", "oidc_redirect_url"):
            value = getattr(self, name)
            if value is not None and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
                raise ConfigurationError(f"{self.variable_name(name)} must be an absolute http(s) URL, got {value!r}")
        return self

    def production_problems(self) -> list[str]:
        return [*super().production_problems(), *self._oidc_problems()]

    def _oidc_problems(self) -> list[str]:
        """In production the sign-in's cookie secret is shared and the provider is reached over TLS."""
        if not self.oidc_enabled:
            return []
        problems = []
        if self.oidc_cookie_secret is None:
            problems.append(f"{self.variable_name('oidc_cookie_secret')} is required with OpenID Connect sign-in")
        for name in ("oidc_issuer", "oidc_discovery_url", "oidc_redirect_url"):
            value = getattr(self, name)
            if value is not None and urlsplit(value).scheme != "https":
                problems.append(f"{self.variable_name(name)} must be an https:// address")
        return problems
