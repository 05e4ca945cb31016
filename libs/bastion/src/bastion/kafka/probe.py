"""Is the broker reachable? For ``/readyz``: a short bootstrap with a bound on the wait."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaClient
from aiokafka.errors import KafkaError

from bastion.kafka.client import KafkaSettingsView, client_options


class BrokerProbe:
    """Answers whether the cluster metadata can be fetched right now."""

    def __init__(self, settings: KafkaSettingsView, timeout_seconds: float = 2.0) -> None:
        self._settings = settings
        self._timeout = timeout_seconds

    async def check(self) -> None:
        """Return if the broker answers; raise ``ConnectionError`` with the reason if not."""
        client = AIOKafkaClient(**client_options(self._settings, "probe"))
        try:
            await asyncio.wait_for(client.bootstrap(), self._timeout)
        except (KafkaError, OSError, TimeoutError) as exc:
            raise ConnectionError(
                f"broker {self._settings.kafka_bootstrap_servers} unreachable: {exc or type(exc).__name__}"
            ) from exc
        finally:
            await client.close()
