"""Is the broker reachable? For ``/readyz``: a short bootstrap with a bound on the wait."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaClient

from bastion.kafka.client import KafkaSettingsView, client_options


class BrokerProbe:
    """Answers whether the cluster metadata can be fetched right now."""

    def __init__(self, settings: KafkaSettingsView, timeout_seconds: float = 2.0) -> None:
        self._settings = settings
        self._timeout = timeout_seconds

    async def check(self) -> None:
        """Return if the broker answers within the bound; raise ``ConnectionError`` with the reason if not.

        The attempt itself is never cancelled: cancelling aiokafka's bootstrap while it waits for the
        broker's answer leaves its connection open (it closes it only on its own errors), to be reported by
        the garbage collector later, anywhere. Past the bound the answer is given, and the attempt ends by
        itself within the client's own request timeouts, closing what it opened.
        """
        options = client_options(self._settings, "probe") | {"request_timeout_ms": int(self._timeout * 1000)}
        attempt = asyncio.ensure_future(_bootstrap(AIOKafkaClient(**options)))
        done, _ = await asyncio.wait({attempt}, timeout=self._timeout)
        if not done:
            _LINGERING.add(attempt)
            attempt.add_done_callback(_LINGERING.discard)
            raise ConnectionError(
                f"broker {self._settings.kafka_bootstrap_servers} unreachable: no answer within {self._timeout:g} s"
            )
        error = attempt.exception()
        if error is not None:
            raise ConnectionError(
                f"broker {self._settings.kafka_bootstrap_servers} unreachable: {error or type(error).__name__}"
            ) from error


# Attempts answered as timed out but still ending: held so they are not collected while they run.
_LINGERING: set[asyncio.Future[None]] = set()


async def _bootstrap(client: AIOKafkaClient) -> None:
    try:
        await client.bootstrap()
    finally:
        await client.close()
