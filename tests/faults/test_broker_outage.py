"""The broker away for a while under load: the producing services keep accepting requests, their events
wait in the outboxes, and once the broker is back every one of them reaches scoring exactly once.

How the broker is taken away. The embedded broker (Tansu) keeps messages in memory only: really
stopping and restarting it loses every message already published, which a Kafka broker does not do
across a restart; testing that would test a memory-only broker's amnesia, not Bastion. So the outage
is made in the two ways that keep the broker's log, as Kafka's disks would, and differ in what the
clients see:

- ``link_cut``: the TCP proxy in front of a broker of the test's own (``unreachable_broker``) refuses
  new connections and resets the open ones: what clients see of a stopped broker process.
- ``broker_frozen``: the broker process of the test's own (``own_broker``) is sent SIGSTOP, then
  SIGCONT: connections stay open and nothing answers (a hung broker, a network black hole). Requests
  in flight time out, and those the broker had already read are carried out late, after the clients
  gave up: a relay may find its batch on the topic although it was told it failed, and publish it
  again.

Every service runs as a real ``bastion serve`` process on the broker in question. The outage lasts
until a relay has noticed it and the APIs have accepted a good number of requests meanwhile (the
API answers after the database commit, never after a publish), then the broker comes back.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bastion.devstack.broker import EmbeddedBroker
from bastion.testing import TestStack
from bastion.testing.network import ReachableBroker
from tests.e2e.helpers import eventually
from tests.faults.load import MixedLoad, Outcome
from tests.faults.reconcile import assert_reconciled, reconcile
from tests.faults.services import Services, running_services

# Requests accepted while the broker is away: about ten seconds of load, well over the clients' request
# timeout (3 s in tests), so the relays back off several times and the consumers reconnect.
ACCEPTED_DURING_OUTAGE = 120


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_requests_accepted_while_the_link_to_the_broker_is_cut_reach_scoring_once(
    stack: TestStack, test_work_dir: Path, unreachable_broker: ReachableBroker
) -> None:
    await outage_under_load(
        stack, test_work_dir, unreachable_broker.bootstrap_servers, unreachable_broker.cut, unreachable_broker.restore
    )


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_requests_accepted_while_the_broker_is_frozen_reach_scoring_once(
    stack: TestStack, test_work_dir: Path, own_broker: EmbeddedBroker
) -> None:
    assert own_broker.process is not None
    pid = own_broker.process.pid
    try:
        await outage_under_load(
            stack,
            test_work_dir,
            own_broker.bootstrap_servers,
            lambda: os.kill(pid, signal.SIGSTOP),
            lambda: os.kill(pid, signal.SIGCONT),
        )
    finally:
        os.kill(pid, signal.SIGCONT)  # a stopped broker would not stop on SIGTERM at teardown


async def outage_under_load(
    stack: TestStack, log_dir: Path, bootstrap: str, stop: Callable[[], None], resume: Callable[[], None]
) -> None:
    async with running_services(stack, log_dir, kafka_bootstrap_servers=bootstrap) as services:
        async with services.load(rate=12, seed=21) as load:
            await load.progressed(accepted=20, timeout=60)
            outage_starts, started = len(load.requests), time.monotonic()
            stop()
            try:
                await relay_noticed(services)
                await load.progressed(accepted=ACCEPTED_DURING_OUTAGE, timeout=60)
                during = (await reconcile(services.databases, load.accepted_event_ids)).figures
            finally:
                resume()
            outage = time.monotonic() - started
            await load.progressed(accepted=20, timeout=60)
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=150)
        skipped = await services.metric("scoring", "bastion_events_consumed", outcome="duplicate")

    print(f"outage {outage:.1f} s: {during}\nload: {load.summary()}\n{result}; scoring skipped {skipped:.0f} copies")
    assert during["unpublished"] > 0, "the outage held events back in the outboxes"
    assert not failed_since(load, outage_starts), "the APIs answer after their commit, not after a publish"


async def relay_noticed(services: Services) -> None:
    """Until activity's relay has failed to publish (so the outage is real to the services)."""

    async def failing() -> bool:
        return await services.metric("activity", "bastion_outbox_publish_failures") > 0

    await eventually(failing, timeout=60, what="activity's relay notices the broker is away")


def failed_since(load: MixedLoad, start: int) -> list[str]:
    return [f"{r.service} {r.path}: {r.error}" for r in load.requests[start:] if r.outcome is Outcome.FAILED]
