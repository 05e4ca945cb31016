"""ENVIRONMENT=production refuses secrets left at a development default or a placeholder, by name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

import pytest
from pydantic import Field, SecretStr

from bastion.errors import ConfigurationError
from bastion.production import Secret, is_placeholder
from bastion.settings import ServiceSettings, settings_config

REAL_PASSWORD = "q7Vx2-LmR9tYw4Zk"  # noqa: S105 - what create.sh would write: random, URL-safe


class AlphaSettings(ServiceSettings):
    service_name: ClassVar[str] = "alpha"
    model_config = settings_config("alpha")

    api_key: Annotated[SecretStr, Secret()] = Field(default=SecretStr("alpha-dev-key"))
    partner_token: Annotated[SecretStr | None, Secret(required=True, placeholders=frozenset({"partner"}))] = None


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "AUTH_JWKS_URL",
        "AUTH_SIGNING_KEY_FILE",
        "ENVIRONMENT",
        "DATABASE_URL",
        "DATABASE_PASSWORD",
        "KAFKA_SECURITY_PROTOCOL",
        "KAFKA_SASL_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"ALPHA_{name}", raising=False)
    for name in ("API_KEY", "PARTNER_TOKEN", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME"):
        monkeypatch.delenv(f"ALPHA_{name}", raising=False)
        monkeypatch.delenv(name, raising=False)


def production(**values: object) -> AlphaSettings:
    """Production settings where every secret is real, but for the ``values`` given."""
    complete: dict[str, object] = {
        "environment": "production",
        "database_url": f"postgresql://alpha:{REAL_PASSWORD}@db:5432/alpha",
        "api_key": "9fK2-Jd8sLq0-Zr4Xw",
        "partner_token": "tK3m-8QpV2-nW7r",
        "auth_jwks_url": "https://idp.example.cn/.well-known/jwks.json",
        **values,
    }
    return AlphaSettings(**complete)  # type: ignore[arg-type]


def test_real_secrets_are_accepted() -> None:
    assert production().environment == "production"


def test_the_embedded_environment_keeps_its_development_defaults() -> None:
    settings = AlphaSettings(database_url="postgresql://postgres@127.0.0.1/alpha")
    assert settings.api_key.get_secret_value() == "alpha-dev-key"


def test_a_secret_left_at_its_default_is_refused_by_variable_name() -> None:
    with pytest.raises(ConfigurationError, match="ALPHA_API_KEY still has a development or placeholder value"):
        production(api_key="alpha-dev-key")


@pytest.mark.parametrize("value", ["change-me-a-long-random-key", "CHANGEME", "secret", " password ", "", "partner"])
def test_a_placeholder_secret_is_refused(value: str) -> None:
    with pytest.raises(ConfigurationError, match="ALPHA_PARTNER_TOKEN"):
        production(partner_token=value)


def test_a_required_secret_must_be_set() -> None:
    with pytest.raises(ConfigurationError, match="ALPHA_PARTNER_TOKEN is required"):
        production(partner_token=None)


def test_the_production_environment_is_a_shared_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(ConfigurationError, match="ALPHA_API_KEY"):
        AlphaSettings(database_url=f"postgresql://alpha:{REAL_PASSWORD}@db/alpha", partner_token="tK3m-8QpV2")  # noqa: S106


def test_every_problem_is_named_and_no_value_is_shown() -> None:
    with pytest.raises(ConfigurationError) as refused:
        production(api_key="change-me-api-key-1234", database_url="postgresql://alpha:example@db/alpha")
    message = str(refused.value)
    assert "ALPHA_API_KEY" in message
    assert "ALPHA_DATABASE_URL" in message
    assert "change-me-api-key-1234" not in message
    assert ":example@" not in message


@pytest.mark.parametrize("password", ["postgres", "password", "secret", "changeme", "example", "change-me-alpha-db"])
def test_a_placeholder_database_password_is_refused(password: str) -> None:
    with pytest.raises(ConfigurationError, match=r"password of ALPHA_DATABASE_URL .* is a placeholder"):
        production(database_url=f"postgresql://alpha:{password}@db:5432/alpha")


def test_a_database_url_without_password_is_refused_and_the_fix_named() -> None:
    with pytest.raises(ConfigurationError, match=r"no password .*ALPHA_DATABASE_PASSWORD_FILE"):
        production(database_url="postgresql://alpha@db:5432/alpha")


def test_the_shared_database_url_is_judged_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://bastion:postgres@db:5432/bastion")
    with pytest.raises(ConfigurationError, match="ALPHA_DATABASE_URL \\(or DATABASE_URL\\)"):
        production(database_url=None)


def test_the_password_checked_is_the_one_from_the_password_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "alpha_db_password"
    secret.write_text(f"{REAL_PASSWORD}\n", encoding="utf-8")
    monkeypatch.setenv("ALPHA_DATABASE_PASSWORD_FILE", str(secret))
    assert production(database_url="postgresql://alpha:postgres@db/alpha").database_url is not None
    secret.write_text("change-me-alpha-db-password\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="ALPHA_DATABASE_URL"):
        production(database_url=f"postgresql://alpha:{REAL_PASSWORD}@db/alpha")


def test_a_placeholder_kafka_password_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "bastion")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "changeme")
    with pytest.raises(ConfigurationError, match="KAFKA_SASL_PASSWORD still has"):
        production()
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", REAL_PASSWORD)
    assert production().kafka_sasl_password == SecretStr(REAL_PASSWORD)


def test_a_subclass_can_add_what_no_marker_expresses() -> None:
    class BetaSettings(AlphaSettings):
        service_name: ClassVar[str] = "beta"
        model_config = settings_config("beta")
        callback_url: str = "https://hooks.example/dev"

        def production_problems(self) -> list[str]:
            extra = ["BETA_CALLBACK_URL points at the example host"] if "example" in self.callback_url else []
            return [*super().production_problems(), *extra]

    values = {
        "environment": "production",
        "database_url": f"postgresql://beta:{REAL_PASSWORD}@db/beta",
        "api_key": "9fK2-Jd8sLq0",
        "partner_token": "tK3m-8QpV2",
        "auth_jwks_url": "https://idp.example.cn/.well-known/jwks.json",
    }
    with pytest.raises(ConfigurationError, match="BETA_CALLBACK_URL"):
        BetaSettings(**values)  # type: ignore[arg-type]
    assert BetaSettings(**values, callback_url="https://hooks.bastion.internal/x")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["q7Vx2-LmR9tYw4Zk", "correct horse battery staple", "postgres-9f2k-Lx"])
def test_real_looking_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_production_needs_a_token_issuer_to_trust() -> None:
    with pytest.raises(ConfigurationError, match="AUTH_JWKS_URL"):
        production(auth_jwks_url=None)
    assert production(auth_jwks_url=None, auth_signing_key_file="/run/secrets/bastion_signing_key").environment
