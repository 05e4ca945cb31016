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

A third test really stops the broker and starts it again, empty, as the embedded broker comes back, and
shows the way back its amnesia needs: while the broker is away, the operator runs ``bastion outbox
SERVICE republish --since`` (the time the broker last started) for every service; the relays publish
those events again, in order, before the new ones; a consumer that finds a partition shorter than its
position reads it from the start, one whose position the new log has already passed goes on (the log up
to there holds the same events), and everything reconciles. A Kafka broker keeps its log across a
restart and needs none of this.

Every service runs as a real ``bastion serve`` process on the broker in question. The outage lasts
until a relay has noticed it and the APIs have accepted a good number of requests meanwhile (the
API answers after the database commit, never after a publish), then the broker comes back.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bastion.devstack.broker import EmbeddedBroker
from bastion.testing import TestStack
from bastion.testing.network import ReachableBroker
from bastion.testing.processes import settings_environment
from tests.e2e.helpers import eventually
from tests.faults.load import PRODUCERS, MixedLoad, Outcome
from tests.faults.reconcile import assert_reconciled, reconcile
from tests.faults.services import SPECS, Services, running_services

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


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_after_the_broker_restarts_empty_republishing_from_the_outboxes_brings_every_event_once(
    stack: TestStack, test_work_dir: Path, own_broker: EmbeddedBroker
) -> None:
    broker_started = datetime.now(UTC)  # the fixture has just started it; it has nothing yet
    async with running_services(stack, test_work_dir, kafka_bootstrap_servers=own_broker.bootstrap_servers) as services:
        async with services.load(rate=12, seed=31) as load:
            await load.progressed(accepted=40, timeout=60)
            # Scoring frozen for a moment, so the broker holds events scoring has not read when it stops.
            scoring = services.processes["scoring"].process
            assert scoring is not None
            os.kill(scoring.pid, signal.SIGSTOP)
            try:
                await load.progressed(accepted=20, timeout=60)
                await services.drained(*PRODUCERS)
                await asyncio.to_thread(own_broker.stop)
            finally:
                os.kill(scoring.pid, signal.SIGCONT)
            await relay_noticed(services)
            await load.progressed(accepted=40, timeout=60)
            republished = {name: await republish(services, name, broker_started) for name in SPECS}
            await asyncio.to_thread(own_broker.start)
            await load.progressed(accepted=40, timeout=60)
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=150)
        resets = await services.metric("scoring", "bastion_consumer_log_resets")
        skipped = await services.metric("scoring", "bastion_events_consumed", outcome="duplicate")

    print(f"republished {republished}; scoring read {resets:.0f} partitions again, skipped {skipped:.0f}\n{result}")
    assert all(republished[name] > 0 for name in ("roster", "activity", "feedback")), republished
    # Scoring either found a partition shorter than its position and read it again (counted in `resets`), or
    # the republished log had grown past its position by the time it looked: the same events in the same
    # order (republished in order, before any new one), so it goes on from there. Which one happens is a
    # race; the reconciliation above holds either way, and it would fail had the outboxes not republished
    # what the broker lost while scoring was frozen.
    produced = sum(republished[name] for name in PRODUCERS)
    assert skipped < produced, "some republished events were lost with the broker, and scoring got them only so"


async def republish(services: Services, service: str, since: datetime) -> int:
    """``bastion outbox SERVICE republish --since`` as an operator runs it; how many events it queued again."""
    env = {**os.environ, **settings_environment(services.settings[service])}
    command = [sys.executable, "-m", "bastion.cli", "outbox", service, "republish", "--since", since.isoformat()]
    done = await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[0])


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
