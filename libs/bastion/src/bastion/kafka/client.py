"""Connection options for every aiokafka client, built from settings in one place."""

from __future__ import annotations

from typing import Any, Protocol


class KafkaSettingsView(Protocol):
    """The part of the settings a Kafka client needs."""

    kafka_bootstrap_servers: str
    kafka_client_id_prefix: str
    kafka_request_timeout_ms: int


def client_options(settings: KafkaSettingsView, role: str) -> dict[str, Any]:
    """Options common to producers, consumers and admin clients; ``role`` names the client."""
    return {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "client_id": f"{settings.kafka_client_id_prefix}-{role}",
        "request_timeout_ms": settings.kafka_request_timeout_ms,
        "retry_backoff_ms": 200,
        "metadata_max_age_ms": 60_000,
    }
