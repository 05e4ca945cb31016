"""How Bastion's Kafka clients authenticate and encrypt: TLS, SASL (PLAIN, SCRAM) or neither.

The settings are checked once at start-up (:func:`check_kafka_security`) so a half-configured
client never reaches the broker: credentials without a SASL protocol would otherwise be ignored
silently and the connection made in clear. :func:`security_options` turns them into aiokafka's
keyword arguments each time a client is created, so a renewed CA or certificate file is picked up
when a client reconnects.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any, Literal, Protocol

from aiokafka.helpers import create_ssl_context
from pydantic import SecretStr

from bastion.errors import ConfigurationError

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]

SASL_PROTOCOLS = frozenset({"SASL_PLAINTEXT", "SASL_SSL"})
TLS_PROTOCOLS = frozenset({"SSL", "SASL_SSL"})


class KafkaSecurityView(Protocol):
    """The part of the settings that says how to reach the broker safely."""

    @property
    def kafka_security_protocol(self) -> SecurityProtocol: ...
    @property
    def kafka_sasl_mechanism(self) -> SaslMechanism | None: ...
    @property
    def kafka_sasl_username(self) -> str | None: ...
    @property
    def kafka_sasl_password(self) -> SecretStr | None: ...
    @property
    def kafka_ssl_cafile(self) -> Path | None: ...
    @property
    def kafka_ssl_certfile(self) -> Path | None: ...
    @property
    def kafka_ssl_keyfile(self) -> Path | None: ...
    @property
    def kafka_ssl_check_hostname(self) -> bool: ...


def check_kafka_security(settings: KafkaSecurityView) -> None:
    """Raise :class:`ConfigurationError` naming the variable when the combination cannot work."""
    problems = _sasl_problems(settings) + _tls_problems(settings)
    if problems:
        raise ConfigurationError("Kafka security settings: " + "; ".join(problems))


def security_options(settings: KafkaSecurityView) -> dict[str, Any]:
    """aiokafka's keyword arguments for the configured protocol (the password in clear: never log them)."""
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol in TLS_PROTOCOLS:
        options["ssl_context"] = tls_context(settings)
    if protocol in SASL_PROTOCOLS:
        password = settings.kafka_sasl_password
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_sasl_username
        options["sasl_plain_password"] = password.get_secret_value() if password is not None else None
    return options


def tls_context(settings: KafkaSecurityView) -> ssl.SSLContext:
    """A client context that verifies the broker against the CA file (or the system's CAs)."""
    try:
        context: ssl.SSLContext = create_ssl_context(
            cafile=settings.kafka_ssl_cafile,
            certfile=settings.kafka_ssl_certfile,
            keyfile=settings.kafka_ssl_keyfile,
        )
    except (OSError, ssl.SSLError) as exc:
        # ssl.SSLError is an OSError; its reason ("PEM lib", "NO_CERTIFICATE_OR_CRL_FOUND") is the useful part.
        reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
        raise ConfigurationError(f"Kafka TLS: cannot load the CA, certificate or key: {reason}") from exc
    # create_ssl_context always checks the host name; an operator may turn that off (e.g. brokers
    # reached through addresses their certificates do not name) but the chain is still verified.
    context.check_hostname = settings.kafka_ssl_check_hostname
    return context


def _sasl_problems(settings: KafkaSecurityView) -> list[str]:
    protocol = settings.kafka_security_protocol
    given = {
        "KAFKA_SASL_MECHANISM": settings.kafka_sasl_mechanism is not None,
        "KAFKA_SASL_USERNAME": bool(settings.kafka_sasl_username),
        "KAFKA_SASL_PASSWORD": settings.kafka_sasl_password is not None
        and bool(settings.kafka_sasl_password.get_secret_value()),
    }
    if protocol in SASL_PROTOCOLS:
        return [f"KAFKA_SECURITY_PROTOCOL={protocol} needs {name}" for name, present in given.items() if not present]
    return [
        f"{name} is set but KAFKA_SECURITY_PROTOCOL={protocol} does not use it (SASL_SSL or SASL_PLAINTEXT do)"
        for name, present in given.items()
        if present
    ]


def _tls_problems(settings: KafkaSecurityView) -> list[str]:
    protocol = settings.kafka_security_protocol
    files = {
        "KAFKA_SSL_CAFILE": settings.kafka_ssl_cafile,
        "KAFKA_SSL_CERTFILE": settings.kafka_ssl_certfile,
        "KAFKA_SSL_KEYFILE": settings.kafka_ssl_keyfile,
    }
    if protocol not in TLS_PROTOCOLS:
        return [
            f"{name} is set but KAFKA_SECURITY_PROTOCOL={protocol} does not use TLS (SSL or SASL_SSL do)"
            for name, path in files.items()
            if path is not None
        ]
    problems = [
        f"{name}={path}: no such file" for name, path in files.items() if path is not None and not path.is_file()
    ]
    if settings.kafka_ssl_keyfile is not None and settings.kafka_ssl_certfile is None:
        problems.append("KAFKA_SSL_KEYFILE needs KAFKA_SSL_CERTFILE (the client certificate it belongs to)")
    return problems
