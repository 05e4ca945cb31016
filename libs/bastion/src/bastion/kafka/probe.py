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
        # The client's own request timeout bounds the wait: cancelling a bootstrap from outside while it
        # waits for the broker's answer would leave its connection open (aiokafka closes it only on its own
        # errors), and the garbage collector would complain about it later, anywhere. The outer bound is
        # only a safety net (connecting and asking are each bounded by the request timeout).
        options = client_options(self._settings, "probe") | {"request_timeout_ms": int(self._timeout * 1000)}
        client = AIOKafkaClient(**options)
        try:
            await asyncio.wait_for(client.bootstrap(), 3 * self._timeout)
        except (KafkaError, OSError, TimeoutError) as exc:
            raise ConnectionError(
                f"broker {self._settings.kafka_bootstrap_servers} unreachable: {exc or type(exc).__name__}"
            ) from exc
        finally:
            await client.close()
