"""Signing in through an identity provider: what its settings must say, what production refuses, and which
pages after signing in are this site's."""

from __future__ import annotations

import os

import pytest

from bastion.errors import ConfigurationError
from roster.entrypoints.api.sign_in_attempt import UnsafeNext, safe_next
from roster.settings import RosterSettings

PROVIDER = {
    "oidc_issuer": "https://sso.example.cn/realms/bastion",
    "oidc_client_id": "bastion",
    "oidc_client_secret": "kq3V-9xLm-2RtZ",
    "oidc_redirect_url": "https://bastion.example.cn/api/roster/auth/oidc/callback",
}
COOKIE_SECRET = {"oidc_cookie_secret": "Zp4-r8Vq-1mXk-7wTn"}
PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql://roster:q7Vx2-LmR9tYw4Zk@db:5432/bastion_roster",
    "auth_jwks_url": "https://bastion.example.cn/api/roster/auth/jwks",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("ROSTER_", "AUTH_", "DATABASE_", "KAFKA_")) or name == "ENVIRONMENT":
            monkeypatch.delenv(name)


def roster(**values: object) -> RosterSettings:
    return RosterSettings(**values)  # type: ignore[arg-type]


def test_without_a_provider_there_is_no_button() -> None:
    assert not roster().oidc_enabled
    assert roster().oidc_label is None


def test_a_configured_provider_offers_its_button_with_its_label() -> None:
    settings = roster(**PROVIDER, oidc_button_label="集团统一认证")

    assert (settings.oidc_enabled, settings.oidc_label) == (True, "集团统一认证")


def test_the_discovery_document_is_found_from_the_issuer_unless_given() -> None:
    assert roster(**PROVIDER).oidc_metadata_url == (
        "https://sso.example.cn/realms/bastion/.well-known/openid-configuration"
    )
    given = roster(**PROVIDER, oidc_discovery_url="https://sso.example.cn/discovery")
    assert given.oidc_metadata_url == "https://sso.example.cn/discovery"


def test_half_a_provider_configuration_is_refused_naming_what_is_missing() -> None:
    with pytest.raises(ConfigurationError, match="set ROSTER_OIDC_CLIENT_ID, ROSTER_OIDC_REDIRECT_URL"):
        roster(oidc_issuer="https://sso.example.cn/realms/bastion")


def test_a_redirect_url_that_is_not_an_address_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="ROSTER_OIDC_REDIRECT_URL must be an absolute"):
        roster(**{**PROVIDER, "oidc_redirect_url": "/api/roster/auth/oidc/callback"})


def test_scopes_without_openid_are_refused() -> None:
    with pytest.raises(ValueError, match="must include openid"):
        roster(**PROVIDER, oidc_scopes="profile email")


def test_production_accepts_a_complete_provider_over_tls() -> None:
    assert roster(**PRODUCTION, **PROVIDER, **COOKIE_SECRET).oidc_enabled


def test_production_needs_the_shared_cookie_secret_with_a_provider() -> None:
    with pytest.raises(ConfigurationError, match="ROSTER_OIDC_COOKIE_SECRET is required"):
        roster(**PRODUCTION, **PROVIDER)


def test_production_refuses_a_provider_or_callback_without_tls() -> None:
    plain = {**PROVIDER, "oidc_issuer": "http://sso.example.cn", "oidc_redirect_url": "http://bastion.example.cn/cb"}
    with pytest.raises(ConfigurationError, match="ROSTER_OIDC_ISSUER must be an https") as refused:
        roster(**PRODUCTION, **plain, **COOKIE_SECRET)
    assert "ROSTER_OIDC_REDIRECT_URL must be an https" in str(refused.value)


def test_production_refuses_a_placeholder_client_secret() -> None:
    with pytest.raises(ConfigurationError, match="ROSTER_OIDC_CLIENT_SECRET still has a development or placeholder"):
        roster(**PRODUCTION, **{**PROVIDER, "oidc_client_secret": "change-me"}, **COOKIE_SECRET)


@pytest.mark.parametrize("path", ["/", "/workbench", "/workbench?tab=mine#top", "/a/b%2F%2Fc"])
def test_a_path_of_this_site_is_a_page_to_open_after_signing_in(path: str) -> None:
    assert safe_next(path) == path


@pytest.mark.parametrize("absent", [None, ""])
def test_no_page_asked_for_opens_the_home_page(absent: str | None) -> None:
    assert safe_next(absent) == "/"


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://elsewhere.example/",
        "//elsewhere.example",
        "/\\elsewhere.example",
        "\\\\elsewhere.example",
        "/\t/elsewhere.example",
        "/\n/elsewhere.example",
        "javascript:alert(1)",
        "workbench",
        "/" + "a" * 2_000,
    ],
)
def test_anything_but_a_path_of_this_site_is_refused(elsewhere: str) -> None:
    with pytest.raises(UnsafeNext, match="本站"):
        safe_next(elsewhere)
