"""Connection options for every aiokafka client, built from settings in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import SecretStr

from bastion.kafka.security import KafkaSecurityView, SaslMechanism, SecurityProtocol, security_options


class KafkaSettingsView(KafkaSecurityView, Protocol):
    """The part of the settings a Kafka client needs."""

    @property
    def kafka_bootstrap_servers(self) -> str: ...
    @property
    def kafka_client_id_prefix(self) -> str: ...
    @property
    def kafka_request_timeout_ms(self) -> int: ...


@dataclass(frozen=True)
class KafkaConnection:
    """Connection settings without a service around them, for tools and tests (plaintext by default)."""

    kafka_bootstrap_servers: str
    kafka_client_id_prefix: str = "bastion"
    kafka_request_timeout_ms: int = 10_000
    kafka_security_protocol: SecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    kafka_ssl_check_hostname: bool = True


def client_options(settings: KafkaSettingsView, role: str) -> dict[str, Any]:
    """Options common to producers, consumers and admin clients; ``role`` names the client.

    They include the SASL password in clear, as aiokafka wants it: pass them on, never log them.
    """
    return {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "client_id": f"{settings.kafka_client_id_prefix}-{role}",
        "request_timeout_ms": settings.kafka_request_timeout_ms,
        "retry_backoff_ms": 200,
        "metadata_max_age_ms": 60_000,
        **security_options(settings),
    }
