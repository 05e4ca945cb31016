"""Each service in docker-compose.yml gets every setting that has no safe default, and sets no variable
that is not a setting (a typo would be silently ignored by pydantic-settings)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bastion.errors import ConfigurationError
from bastion.service import discover_services
from bastion.settings import SHARED_FIELDS, ServiceSettings
from tests.deploy.compose import (
    BASE_FILE,
    CLUSTER_FILE,
    OIDC_ENVIRONMENT,
    OIDC_FILE,
    composed_config,
    secrets_as_created,
    secrets_from_examples,
)

SPECS = discover_services()
VARIANTS = {"single-broker": (BASE_FILE,), "three-brokers": (BASE_FILE, CLUSTER_FILE)}
# Settings whose default is fine on a laptop and wrong in production, besides the mechanical rule below.
# public_base_url follows where the service listens: in a container, an address of the container's own.
PRODUCTION_ONLY = {"database_url", "environment", "public_base_url"}
LOOPBACK = ("127.0.0.1", "localhost")


def _prefix(settings_type: type[ServiceSettings]) -> str:
    return str(settings_type.model_config.get("env_prefix", ""))


def variables_read(settings_type: type[ServiceSettings]) -> dict[str, str]:
    """Every environment variable the settings class reads, and the field it sets."""
    names: dict[str, str] = {"DATABASE_URL": "shared_database_url"}
    for field in settings_type.model_fields:
        if field == "shared_database_url":
            continue
        own = f"{_prefix(settings_type)}{field}".upper()
        names[own] = names[f"{own}_FILE"] = field
        if field in SHARED_FIELDS:
            names[field.upper()] = names[f"{field.upper()}_FILE"] = field
    return names


def fields_without_a_safe_default(settings_type: type[ServiceSettings]) -> set[str]:
    """A secret's default is a dev value; a default on the loopback interface cannot work in a container."""
    unsafe = set(PRODUCTION_ONLY) & set(settings_type.model_fields)
    for name, field in settings_type.model_fields.items():
        default = field.default
        if isinstance(default, SecretStr) or any(host in str(default) for host in LOOPBACK):
            unsafe.add(name)
    return unsafe


def test_the_rule_finds_the_settings_a_container_must_set() -> None:
    """Guards the rule itself: it must see the dev secret and the loopback defaults."""
    assert fields_without_a_safe_default(SPECS["feedback"].settings_type) >= {
        "respondent_hash_key",
        "public_base_url",
        "kafka_bootstrap_servers",
        "http_host",
        "database_url",
    }


@pytest.mark.parametrize("files", VARIANTS.values(), ids=VARIANTS.keys())
@pytest.mark.parametrize("service", list(SPECS))
def test_compose_sets_every_unsafe_setting_and_only_real_settings(
    service: str, files: tuple[Path, ...], tmp_path: Path
) -> None:
    settings_type = SPECS[service].settings_type
    environment: dict[str, str] = composed_config(files, secrets_from_examples(tmp_path))["services"][service][
        "environment"
    ]
    read = variables_read(settings_type)
    unknown = sorted(set(environment) - set(read))
    assert not unknown, f"{service}: not settings of {settings_type.__name__}: {unknown}"
    provided = {read[name] for name in environment}
    missing = fields_without_a_safe_default(settings_type) - provided
    assert not missing, f"{service}: set {', '.join(sorted(f'{_prefix(settings_type)}{m}'.upper() for m in missing))}"


def test_kafka_init_gives_bastion_topics_its_broker_and_replication(tmp_path: Path) -> None:
    """``bastion topics`` reads the first service's settings: only shared variables, all of them real."""
    services = composed_config(VARIANTS["three-brokers"], secrets_from_examples(tmp_path))["services"]
    environment = services["kafka-init"]["environment"]
    assert set(environment) <= {name.upper() for name in SHARED_FIELDS}
    assert {"KAFKA_BOOTSTRAP_SERVERS", "KAFKA_REPLICATION_FACTOR"} <= set(environment)
    assert services["kafka-init"]["entrypoint"] == ["bastion", "topics"]


def _compose_environment(service: str, config: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Exactly the service's composed environment, its secret files where the container would find them
    (here: their copies); returns the mounted secrets by their path in the container."""
    composed: dict[str, Any] = config["services"][service]
    mounted = {s["target"]: Path(config["secrets"][s["source"]]["file"]) for s in composed.get("secrets", [])}
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in composed["environment"].items():
        if name.endswith("_FILE"):
            assert value in mounted, f"{service}: {name}={value} is not a secret mounted in the container"
            value = str(mounted[value])
        monkeypatch.setenv(name, value)
    return mounted


@pytest.mark.parametrize("service", list(SPECS))
def test_the_composed_environment_loads_as_the_service_will_see_it(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service's settings built from its composed environment with the secrets create.sh makes:
    the database password arrives from its file."""
    config = composed_config(VARIANTS["single-broker"], secrets_as_created(tmp_path))
    mounted = _compose_environment(service, config, monkeypatch)

    settings = SPECS[service].load_settings()
    assert settings.environment == "production"
    assert settings.auth_session_jwks_url == "http://roster:8001/auth/jwks", "people's tokens are checked"
    assert settings.http_host == "0.0.0.0"  # noqa: S104 - a container listens on its own interface
    assert settings.port == SPECS[service].default_port
    assert not any(host in settings.kafka_bootstrap_servers for host in ("127.0.0.1", "localhost"))
    url = make_url(settings.require_database_url())
    password_file = mounted[f"/run/secrets/{service}_db_password"]
    assert url.password == password_file.read_text(encoding="utf-8").strip()
    # deploy/postgres/init-databases.sh creates a role and a database named after the service.
    assert (url.username, url.database, url.host) == (service, service, "postgres")
    postgres_secrets = {s["source"] for s in config["services"]["postgres"]["secrets"]}
    assert f"{service}_db_password" in postgres_secrets
    for field, value in settings:
        if isinstance(value, SecretStr):
            default = type(settings).model_fields[field].default
            assert value != default, f"{service}: {field} keeps its development default"


@pytest.mark.parametrize("service", list(SPECS))
def test_the_example_secrets_are_refused_in_production(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting with deploy/secrets/*.example copied as they are fails, and says which secret to replace."""
    config = composed_config(VARIANTS["single-broker"], secrets_from_examples(tmp_path))
    _compose_environment(service, config, monkeypatch)
    with pytest.raises(ConfigurationError, match=f"password of {service.upper()}_DATABASE_URL"):
        SPECS[service].load_settings()


def test_with_the_identity_provider_roster_signs_people_in_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """deploy/docker-compose.oidc.yml with what the operator exports and the client secret they were given:
    roster starts in production with the provider connected, the callback at the one address."""
    secrets = secrets_as_created(tmp_path)
    (secrets / "oidc_client_secret").write_text("client-secret-from-the-provider\n", encoding="utf-8")
    config = composed_config((BASE_FILE, OIDC_FILE), secrets, OIDC_ENVIRONMENT)
    _compose_environment("roster", config, monkeypatch)

    settings = SPECS["roster"].load_settings()

    assert settings.oidc_enabled  # type: ignore[attr-defined]
    assert settings.oidc_redirect_url == "https://bastion.example.cn/api/roster/auth/oidc/callback"  # type: ignore[attr-defined]
    assert {s["source"] for s in config["services"]["roster"]["secrets"]} == {
        "roster_db_password",
        "oidc_client_secret",
        "oidc_cookie_secret",
    }
