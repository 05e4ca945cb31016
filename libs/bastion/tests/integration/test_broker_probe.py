"""``/readyz``'s broker probe: bounded, and it leaves no connection behind when the broker does not answer."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from bastion.kafka import BrokerProbe, KafkaConnection

API_VERSIONS = 18
# What the stand-in says it supports (api key, max version): Metadata v0-v1 and ApiVersions v0.
SUPPORTED = ((3, 1), (API_VERSIONS, 0))


@dataclass
class SilentBroker:
    """Answers a client's ApiVersions (so the client's connection is made), then never answers again (a
    broker frozen mid-request); notes when clients hang up."""

    address: str = ""
    accepted: int = 0
    closed_by_client: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        self.writers.append(writer)
        try:
            while True:
                size = struct.unpack(">i", await reader.readexactly(4))[0]
                api_key, _version, correlation_id = struct.unpack(">hhi", (await reader.readexactly(size))[:8])
                if api_key == API_VERSIONS:
                    body = struct.pack(">ihi", correlation_id, 0, len(SUPPORTED))
                    body += b"".join(struct.pack(">hhh", key, 0, most) for key, most in SUPPORTED)
                    writer.write(struct.pack(">i", len(body)) + body)
        except asyncio.IncompleteReadError:  # the client closed its connection
            self.closed_by_client += 1


@pytest.fixture
async def silent_broker() -> AsyncIterator[SilentBroker]:
    broker = SilentBroker()
    server = await asyncio.start_server(broker.serve, "127.0.0.1", 0)
    broker.address = f"127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        yield broker
    finally:
        for writer in broker.writers:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_the_probe_of_a_broker_that_stops_answering_fails_in_time_and_hangs_up(
    silent_broker: SilentBroker,
) -> None:
    probe = BrokerProbe(KafkaConnection(silent_broker.address), timeout_seconds=0.5)
    started = asyncio.get_running_loop().time()

    with pytest.raises(ConnectionError, match="unreachable"):
        await probe.check()
    took = asyncio.get_running_loop().time() - started
    for _ in range(50):  # the server notices the hang-up shortly after
        if silent_broker.closed_by_client == silent_broker.accepted:
            break
        await asyncio.sleep(0.02)

    assert took < 2.0, "bounded by the probe's timeout"
    assert silent_broker.accepted >= 1
    assert silent_broker.closed_by_client == silent_broker.accepted, (
        "no connection left open (one per probe, each /readyz)"
    )
