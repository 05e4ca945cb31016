"""Three scoring instances in one consumer group, joining and leaving under load: every request the APIs
accepted is counted in scoring exactly once, and every score change is announced once.

Scoring runs in group mode (``consumer_assignment="group"``): its replicas share the partitions of the
domain topics (36 of them) through a Kafka consumer group, and each partition's position lives in
scoring's database with the projection, so whoever owns it next resumes there. While a steady mixed
load goes through the producing APIs:

1. one instance takes every partition;
2. a second and a third ``bastion serve scoring`` join, on the same database and group: each join is a
   rebalance, and the test waits until the three really share the partitions (their latest assignments
   add up to all of them, each holds some, and each has applied events of its own since);
3. one joined instance is killed (SIGKILL: no leave, the group notices when its session times out and
   gives its partitions, maybe mid-batch, to the others);
4. the first instance is stopped with SIGTERM (it finishes its batch, leaves the group, exits 0);
5. the last one takes every partition and goes on alone.

Then the producers' databases and scoring's are reconciled event by event (``tests.faults.reconcile``),
and scoring's announcements on the wire are checked (``tests.faults.announcements``): three announcers
worked on one database meanwhile, and none may announce a change twice.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bastion.testing import ServiceProcess, TestStack
from bastion_contracts import DOMAIN_TOPICS
from tests.faults.announcements import check_announcements, settled
from tests.faults.load import MixedLoad
from tests.faults.reconcile import assert_reconciled
from tests.faults.services import Services, running_services

GROUP = {"consumer_assignment": "group", "consumer_session_timeout_ms": 10_000}
PARTITIONS = sum(topic.partitions for topic in DOMAIN_TOPICS)  # what the group shares
SHARED_BOUND_SECONDS = 120.0  # generous (a loaded 2-core machine): rebalances take a few seconds here
KILLED = -9  # the exit code of a process ended by SIGKILL


@pytest.mark.slow
@pytest.mark.timeout(600)
async def test_scoring_instances_joining_and_leaving_under_load_count_every_event_once(
    stack: TestStack, test_work_dir: Path
) -> None:
    since = datetime.now(UTC)
    async with running_services(stack, test_work_dir, only={"scoring": GROUP}) as services:
        first = services.processes["scoring"]
        joined: list[ServiceProcess] = []
        try:
            async with services.load(rate=20, workers=4, seed=21) as load:
                await services.ready("scoring", timeout=90)
                await load.progressed(accepted=30, timeout=60)
                alone = _assignments(first, since)
                assert alone[-1:] == [PARTITIONS], f"one instance takes every partition: {alone}"

                # Two more instances join, one after the other, while the load goes on.
                for _ in range(2):
                    process = ServiceProcess("scoring", services.settings["scoring"], log_dir=test_work_dir)
                    joined.append(process)
                    await process.started(timeout=60)
                    await _view(services, process).ready("scoring", timeout=90)
                    await load.progressed(accepted=30, timeout=60)
                instances = [first, *joined]
                applied_before = [await _applied(services, p) for p in instances]
                waited = time.monotonic()
                shares, applied_shared = await _shared(services, instances, since, applied_before, load)
                shared_after = time.monotonic() - waited
                await load.progressed(accepted=40, timeout=60)

                # One joined instance crashes: its partitions move when its session times out.
                victim, survivor = joined
                victim.kill()
                killed_at = time.monotonic()
                killed_code = victim.process.returncode if victim.process else None
                await load.progressed(accepted=40, timeout=60)
                after_kill = await _settled_assignment(services, [first, survivor], since)
                moved_after_kill = time.monotonic() - killed_at

                # The first instance is stopped as an orchestrator would: it leaves the group cleanly.
                applied_by_survivor = await _applied(services, survivor)
                terminated_at = time.monotonic()
                shutdown = await services.terminate("scoring")
                await load.progressed(accepted=40, timeout=60)
                last = await _settled_assignment(services, [survivor], since)
                moved_after_sigterm = time.monotonic() - terminated_at
                await load.progressed(accepted=20, timeout=60)
            summary = load.summary()
            result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=180)
            await settled(services.settings["scoring"], timeout=120)
            announcements = await check_announcements(
                stack.kafka_bootstrap, stack.topic_prefix, services.settings["scoring"]
            )
            applied_alone = await _applied(services, survivor) - applied_by_survivor
            redelivered = await _view(services, survivor).metric(
                "scoring", "bastion_events_consumed", outcome="duplicate"
            )
        finally:
            await asyncio.gather(*(asyncio.to_thread(process.stop) for process in joined))

    print(
        f"partitions shared {shares} ({shared_after:.1f} s after the third was ready; events applied by each "
        f"meanwhile {[int(a) for a in applied_shared]}); after the kill (exit {killed_code}): {after_kill} "
        f"within {moved_after_kill:.1f} s; after SIGTERM (exit {shutdown.exit_code} in {shutdown.seconds:.2f} s): "
        f"{last} within {moved_after_sigterm:.1f} s; the last instance applied {applied_alone:.0f} events from "
        f"then on ({redelivered:.0f} duplicates skipped)\nload: {summary}\n{result}\nannouncements: {announcements}"
    )
    assert killed_code == KILLED
    assert shutdown.exit_code == 0, f"the first instance did not exit cleanly:\n{shutdown.log}"
    assert not shutdown.unclean_lines(), "the first instance cut work short:\n" + "\n".join(shutdown.unclean_lines())
    assert applied_alone > 0, "the last instance took over the partitions and applied events"
    assert not announcements.problems, str(announcements)
    assert announcements.changes > 0, str(announcements)


def _view(services: Services, process: ServiceProcess) -> Services:
    """The services as seen with ``process`` standing for scoring (its /readyz, /metrics, signals)."""
    return Services(services.settings, {**services.processes, "scoring": process})


async def _applied(services: Services, process: ServiceProcess) -> float:
    """Events this instance has applied (not counting duplicates it skipped), from its /metrics."""
    return await _view(services, process).metric("scoring", "bastion_events_consumed", outcome="applied")


def _assignments(process: ServiceProcess, since: datetime) -> list[int]:
    """How many partitions the instance was given at each (re)assignment, from its log (its own lines
    since the test began: a log file of an earlier run on the same port is appended to)."""
    if not process.log_path.exists():
        return []
    found = []
    for line in process.log_path.read_text(errors="replace").splitlines():
        if '"partitions assigned"' not in line:
            continue
        entry = json.loads(line)
        if datetime.fromisoformat(entry["time"]) >= since:
            found.append(int(entry["partitions"]))
    return found


async def _shared(
    services: Services,
    instances: list[ServiceProcess],
    since: datetime,
    applied_before: list[float],
    load: MixedLoad,
) -> tuple[list[int], list[float]]:
    """Wait until the instances share the partitions: their latest assignments add up to all of them,
    each holds some, and each has applied events since ``applied_before``. Their shares, and what each
    applied since."""
    deadline = time.monotonic() + SHARED_BOUND_SECONDS
    while True:
        shares = [(_assignments(p, since) or [0])[-1] for p in instances]
        applied = [await _applied(services, p) - before for p, before in zip(instances, applied_before, strict=True)]
        if sum(shares) == PARTITIONS and all(shares) and all(a > 0 for a in applied):
            return shares, applied
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the {len(instances)} instances did not share the {PARTITIONS} partitions within "
                f"{SHARED_BOUND_SECONDS:.0f} s: latest assignments {shares}, applied since {applied}; {load}"
            )
        await asyncio.sleep(0.5)


async def _settled_assignment(services: Services, instances: list[ServiceProcess], since: datetime) -> list[int]:
    """Wait until the remaining instances' latest assignments cover every partition again, and each of
    them is ready; their shares."""
    deadline = time.monotonic() + SHARED_BOUND_SECONDS
    while True:
        shares = [(_assignments(p, since) or [0])[-1] for p in instances]
        if sum(shares) == PARTITIONS and all(shares):
            for process in instances:
                await _view(services, process).ready("scoring", timeout=SHARED_BOUND_SECONDS)
            return shares
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the partitions did not move to the remaining {len(instances)} instances within "
                f"{SHARED_BOUND_SECONDS:.0f} s: latest assignments {shares}"
            )
        await asyncio.sleep(0.5)
