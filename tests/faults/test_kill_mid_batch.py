"""Killed in the middle of work and restarted: nothing the APIs accepted is lost, nothing counted twice.

Every service runs as a real ``bastion serve`` process on the real broker and PostgreSQL, under a
steady mixed load (``tests.faults.load``). The faults are SIGKILLs — a crash: no shutdown code runs,
open transactions die with their connections:

- a producing service (activity, the busiest: holding a meeting writes the activity and everyone's
  absence in one transaction) first dies at the fail point ``outbox.after_commit``: its first write
  is committed with its events but never answered, so the client counts it failed although it
  happened; restarted, it is then killed blindly while the load writes, and restarted again;
- scoring first dies at ``scoring.before_batch_commit``: a batch's facts and ledger written, its
  transaction not committed; restarted, it is then killed blindly while it catches up on the backlog
  its absence left, and restarted again.

Each service comes back at the same address and the load goes on throughout; then the producers'
databases and scoring's are reconciled event by event (``tests.faults.reconcile``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bastion.testing import TestStack
from tests.faults.load import Outcome
from tests.faults.reconcile import assert_reconciled
from tests.faults.services import running_services

KILLED = -9  # the exit code of a process ended by SIGKILL


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_a_producer_killed_mid_write_keeps_every_committed_event_and_only_those(
    stack: TestStack, test_work_dir: Path
) -> None:
    async with running_services(stack, test_work_dir, failpoints={"activity": "outbox.after_commit"}) as services:
        async with services.load(rate=12, seed=11) as load:
            # The load's first write to activity commits, then the process dies before answering.
            assert await services.exited("activity", timeout=60) == KILLED, services.log_tail("activity")
            await load.progressed(failed=1, service="activity", timeout=30)
            await load.progressed(accepted=10, timeout=30)  # roster and feedback go on meanwhile
            await services.restart("activity")
            await load.progressed(accepted=15, service="activity", timeout=60)

            services.kill("activity")  # blindly, while the load writes
            await load.progressed(failed=1, service="activity", timeout=30)
            await services.restart("activity")
            await load.progressed(accepted=15, service="activity", timeout=60)
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=120)

    summary = load.summary()
    print(f"load: {summary}\n{result}")
    assert summary.count(Outcome.FAILED, "activity") >= 2, summary
    # The write that died unanswered was committed: its events are in the outbox and reached scoring
    # (the reconciliation holds scoring to the outbox), though no client was told it was accepted.
    assert result.figures["outbox"] > result.figures["accepted"], result


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_scoring_killed_mid_batch_applies_every_event_once_after_restarts(
    stack: TestStack, test_work_dir: Path
) -> None:
    async with running_services(
        stack, test_work_dir, failpoints={"scoring": "scoring.before_batch_commit"}
    ) as services:
        async with services.load(rate=12, seed=12) as load:
            # The set-up's events are scoring's first batch: written, then the process dies uncommitted.
            assert await services.exited("scoring", timeout=60) == KILLED, services.log_tail("scoring")
            assert services.log_has("scoring", "fail point reached")
            await load.progressed(accepted=40, timeout=60)  # a backlog builds up for scoring
            await services.restart("scoring")
            await load.progressed(accepted=10, timeout=30)

            services.kill("scoring")  # blindly, while it catches up and the load goes on
            await load.progressed(accepted=30, timeout=60)
            await services.restart("scoring")
            await load.progressed(accepted=20, timeout=60)
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=120)

    summary = load.summary()
    print(f"load: {summary}\n{result}")
    assert summary.count(Outcome.FAILED) == 0, "the producers never depend on scoring"
    assert result.figures["ledger entries"] > 0, result
