"""Settings: one class per service, read from the environment.

Every variable has a per-service prefix (``ROSTER_DATABASE_URL``); the settings that are the
same for every service (the broker, the log level, the environment) also fall back to an
unprefixed variable (``KAFKA_BOOTSTRAP_SERVERS``). The database is special: each service owns
its own database, so the unprefixed ``DATABASE_URL`` names a *server and a base name* and each
service uses ``<base>_<service>`` on it (``.../bastion`` -> ``bastion_roster``).

Any prefixed variable may instead be given as ``<VARIABLE>_FILE``, the path of a file holding the
value (Docker and Compose secrets), so a secret never sits in the environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from sqlalchemy.engine import make_url

from bastion.addresses import http_url, reachable_host
from bastion.errors import ConfigurationError
from bastion.kafka.security import SaslMechanism, SecurityProtocol, check_kafka_security
from bastion.production import Secret, marked_secret_problems, url_password_problems

# Fields that read an unprefixed variable when the prefixed one is absent.
SHARED_FIELDS = frozenset(
    {
        "environment",
        "log_level",
        "forwarded_allow_ips",
        "timezone",
        "kafka_bootstrap_servers",
        "kafka_client_id_prefix",
        "kafka_topic_prefix",
        "kafka_request_timeout_ms",
        "kafka_replication_factor",
        "kafka_security_protocol",
        "kafka_sasl_mechanism",
        "kafka_sasl_username",
        "kafka_sasl_password",
        "kafka_ssl_cafile",
        "kafka_ssl_certfile",
        "kafka_ssl_keyfile",
        "kafka_ssl_check_hostname",
        "auth_jwks_url",
        "auth_signing_key_file",
        "auth_session_jwks_url",
        "auth_session_issuer",
        "auth_issuer",
        "auth_audience",
        "auth_clock_skew_seconds",
        "auth_role_claim",
        "auth_branches_claim",
        "auth_member_claim",
        "cors_allowed_origins",
    }
)


class _SharedEnvSource(EnvSettingsSource):
    """Unprefixed environment variables, for the shared fields only.

    ``DATABASE_URL`` is read too, as ``shared_database_url``: it is the fallback server.
    """

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls, env_prefix="", case_sensitive=False)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        if field_name == "shared_database_url":
            return self.env_vars.get("database_url"), "database_url", False
        if field_name not in SHARED_FIELDS:
            return None, field_name, False
        return super().get_field_value(field, field_name)


class _FileEnvSource(PydanticBaseSettingsSource):
    """``<PREFIX><FIELD>_FILE``: the path of a file whose content is the value, as the official
    images read their secrets. The trailing newline of the file is not part of the value.

    With ``shared=True``: the unprefixed ``<FIELD>_FILE`` of the shared fields (``KAFKA_SASL_PASSWORD_FILE``).
    """

    def __init__(self, settings_cls: type[BaseSettings], *, shared: bool = False) -> None:
        super().__init__(settings_cls)
        self._shared = shared

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        if self._shared and field_name not in SHARED_FIELDS:
            return None, field_name, False
        prefix = "" if self._shared else self.config.get("env_prefix", "")
        variable = f"{prefix}{field_name}_FILE".upper()
        path = os.environ.get(variable)
        if path is None:
            return None, field_name, False
        plain = variable.removesuffix("_FILE")
        if plain in os.environ:
            raise ConfigurationError(f"set {plain} or {variable}, not both")
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n"), field_name, False
        except OSError as exc:
            raise ConfigurationError(f"{variable}: cannot read {path}: {exc.strerror}") from exc

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, field in self.settings_cls.model_fields.items():
            value, key, _complex = self.get_field_value(field, name)
            if value is not None:
                values[key] = value
        return values


class ServiceSettings(BaseSettings):
    """What every Bastion service reads at start-up. Subclasses set ``service_name``."""

    service_name: ClassVar[str] = "bastion"
    default_http_port: ClassVar[int] = 8000

    model_config = SettingsConfigDict(extra="ignore", validate_default=True)

    environment: Literal["embedded", "production"] = Field(
        default="embedded",
        description="'embedded' for the laptop stack and tests; 'production' refuses dev defaults.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    timezone: str = Field(
        default="Asia/Shanghai", description="Where 'today' and 'this month' are reckoned (IANA name)."
    )

    database_url: str | None = Field(
        default=None, description="This service's database (postgresql:// or postgresql+asyncpg://)."
    )
    shared_database_url: str | None = Field(
        default=None,
        description="Fallback from DATABASE_URL: server and base name; the service adds _<name>.",
    )
    database_password: SecretStr | None = Field(
        default=None,
        description="Password for the database URL, kept apart from it (e.g. in <SERVICE>_DATABASE_PASSWORD_FILE); "
        "replaces the URL's own.",
    )
    database_pool_size: int = Field(default=10, ge=1, le=200)

    kafka_bootstrap_servers: str = Field(default="127.0.0.1:9092", min_length=1)
    kafka_client_id_prefix: str = "bastion"
    kafka_topic_prefix: str = Field(
        default="", description="Prepended to every topic name (isolates tests and tenants)."
    )
    kafka_request_timeout_ms: int = Field(default=10_000, ge=1_000)
    kafka_replication_factor: int = Field(
        default=1, ge=1, description="For topics Bastion creates; 3 on a three-broker cluster."
    )
    kafka_security_protocol: SecurityProtocol = Field(
        default="PLAINTEXT", description="PLAINTEXT, SSL (TLS), SASL_PLAINTEXT or SASL_SSL (TLS and SASL)."
    )
    kafka_sasl_mechanism: SaslMechanism | None = Field(
        default=None, description="PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; required with a SASL protocol."
    )
    kafka_sasl_username: str | None = None
    kafka_sasl_password: Annotated[SecretStr | None, Secret()] = Field(
        default=None, description="Best given as KAFKA_SASL_PASSWORD_FILE (or <SERVICE>_KAFKA_SASL_PASSWORD_FILE)."
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="PEM file of the CA that signed the brokers' certificates; default: the system's."
    )
    kafka_ssl_certfile: Path | None = Field(default=None, description="Client certificate (PEM) for mutual TLS.")
    kafka_ssl_keyfile: Path | None = Field(default=None, description="Private key (PEM) of the client certificate.")
    kafka_ssl_check_hostname: bool = Field(
        default=True, description="Check that the broker's certificate names the host connected to."
    )

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=0, ge=0, le=65535, description="0 means the service default.")
    http_max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Larger request bodies are refused with 413 before parsing."
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1,::1",
        description="The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or "
        "networks, comma-separated, or `*` for any (where only the proxy can reach the service). A request's "
        "client address (the audit log's, the public pages' limits') is then the person's, not the proxy's.",
    )
    cors_allowed_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins (scheme://host:port) whose pages may call the API, e.g. the scoring "
        "dashboard's; a JSON list. Empty: no CORS headers at all.",
    )

    outbox_batch_size: int = Field(default=500, ge=1, le=10_000)
    outbox_poll_interval_seconds: float = Field(
        default=1.0, gt=0, description="Backup poll; the relay normally wakes on commit."
    )
    outbox_retention_hours: float = Field(
        default=72.0, gt=0, description="Published outbox rows are kept this long, then deleted."
    )

    consumer_assignment: Literal["group", "static"] = Field(
        default="group",
        description=(
            "'group': replicas share partitions through a Kafka consumer group (scale-out); "
            "'static': one instance takes every partition at once (no group join wait)."
        ),
    )
    consumer_fetch_max_wait_ms: int = Field(default=100, ge=1, le=5_000)
    consumer_max_batch: int = Field(default=1_000, ge=1, le=50_000)
    consumer_session_timeout_ms: int = Field(default=10_000, ge=3_000)
    consumer_max_attempts: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Tries of a batch whose handler raises before its events are applied one by one and the "
        "culprit becomes a dead letter.",
    )

    # Who is asking: bearer JWTs, verified against the identity provider's JWKS or, in the embedded
    # default, against Bastion's own signing key (see bastion.auth).
    auth_jwks_url: str | None = Field(
        default=None, description="The identity provider's JWKS (https://…/.well-known/jwks.json)."
    )
    auth_signing_key_file: str | None = Field(
        default=None,
        description="PEM private key (EC P-256) with which Bastion signs and checks its own tokens when no "
        "JWKS is set (the embedded default; `bastion dev` makes one).",
    )
    auth_session_jwks_url: str | None = Field(
        default=None,
        description="Where Bastion's own sign-in tokens are checked: roster's `/auth/jwks` (e.g. "
        "http://roster:8001/auth/jwks). Roster itself reads its keys from its database.",
    )
    auth_session_issuer: str = Field(
        default="bastion", min_length=1, description="The `iss` of the tokens Bastion issues when people sign in."
    )
    auth_issuer: str = Field(default="bastion", min_length=1, description="Required `iss` of tokens.")
    auth_audience: str = Field(default="bastion", min_length=1, description="Required `aud` of tokens.")
    auth_clock_skew_seconds: int = Field(default=60, ge=0, le=300, description="Leeway for exp, nbf and iat.")
    auth_role_claim: str = Field(default="bastion_role", description="Claim naming the role.")
    auth_branches_claim: str = Field(default="bastion_branches", description="Claim listing a secretary's branches.")
    auth_member_claim: str = Field(default="bastion_member_id", description="Claim naming a member's own id.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            _FileEnvSource(settings_cls),
            _SharedEnvSource(settings_cls),
            _FileEnvSource(settings_cls, shared=True),
            dotenv_settings,
            file_secret_settings,
        )

    @model_validator(mode="after")
    def _resolve_database_url(self) -> ServiceSettings:
        if self.database_url is None and self.shared_database_url is not None:
            base = make_url(self.shared_database_url)
            name = f"{base.database or 'bastion'}_{self.service_name}"
            self.database_url = base.set(database=name).render_as_string(hide_password=False)
        if self.database_url is not None and self.database_password is not None:
            url = make_url(self.database_url).set(password=self.database_password.get_secret_value())
            self.database_url = url.render_as_string(hide_password=False)
        return self

    @model_validator(mode="after")
    def _check_kafka_security(self) -> ServiceSettings:
        check_kafka_security(self)
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secrets_in_production(self) -> ServiceSettings:
        # Declared after _resolve_database_url: pydantic runs "after" validators in order, so the
        # password checked is the one the service will use.
        problems = self.production_problems() if self.environment == "production" else []
        if problems:
            raise ConfigurationError("ENVIRONMENT=production refuses: " + "; ".join(problems))
        return self

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def port(self) -> int:
        return self.http_port or self.default_http_port

    @property
    def reachable_url(self) -> str:
        """Where others reach this service: where it listens, or the machine's network address when it
        listens on every interface (``0.0.0.0``)."""
        return http_url(reachable_host(self.http_host), self.port)

    def production_problems(self) -> list[str]:
        """What production refuses in these settings, one message per variable (see bastion.production).

        Secrets are marked on their field with ``Annotated[..., Secret()]``; a subclass with a secret
        no marker can express extends this and adds its messages to ``super().production_problems()``.
        """
        return [
            *marked_secret_problems(self, self.variable_name),
            *url_password_problems(
                self.database_url,
                f"{self.variable_name('database_url')} (or DATABASE_URL)",
                password_variable=self.variable_name("database_password"),
            ),
            *self._issuer_problems(),
        ]

    def _issuer_problems(self) -> list[str]:
        """Production needs someone to trust for tokens, or every request would be refused."""
        if self.auth_jwks_url or self.auth_signing_key_file or self.auth_session_jwks_url:
            return []
        return [
            "AUTH_SESSION_JWKS_URL: set roster's JWKS (and/or AUTH_JWKS_URL, the identity provider's) "
            "to accept any token"
        ]

    @classmethod
    def env_prefix(cls) -> str:
        return str(cls.model_config.get("env_prefix", ""))

    @classmethod
    def variable_name(cls, field: str) -> str:
        """The environment variable an operator sets for ``field`` (the unprefixed one if shared)."""
        return field.upper() if field in SHARED_FIELDS else f"{cls.env_prefix()}{field}".upper()

    def require_database_url(self) -> str:
        if not self.database_url:
            prefix = self.model_config.get("env_prefix", "")
            raise ConfigurationError(
                f"No database configured: set {prefix}DATABASE_URL "
                "(or DATABASE_URL for one server shared by all services)."
            )
        return self.database_url


def settings_config(service_name: str) -> SettingsConfigDict:
    """The pydantic-settings config for a service: its env prefix is ``<NAME>_``."""
    return SettingsConfigDict(env_prefix=f"{service_name.upper()}_", extra="ignore", validate_default=True)
