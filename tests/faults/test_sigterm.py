"""SIGTERM to a service under load: it stops taking work, finishes and commits what is in flight, closes its
producer and consumer and exits 0 within a bound; restarted, it goes on, and nothing is lost or counted twice.

Each service in turn runs as a real ``bastion serve`` process among the other three while a mixed load
goes through the producing APIs; the test stops it as an orchestrator would (SIGTERM, then waits).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bastion.testing import TestStack
from tests.faults.load import PRODUCERS, Outcome
from tests.faults.reconcile import assert_reconciled
from tests.faults.services import running_services

EXIT_BOUND_SECONDS = 15.0  # generous: a clean stop takes well under a second here


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize("victim", ["roster", "activity", "feedback", "scoring"])
async def test_a_service_stopped_with_sigterm_under_load_finishes_its_work_and_nothing_is_lost(
    victim: str, stack: TestStack, test_work_dir: Path
) -> None:
    producer = victim if victim in PRODUCERS else None
    async with running_services(stack, test_work_dir) as services:
        async with services.load(rate=25, workers=4, seed=7) as load:
            await load.progressed(accepted=40, timeout=60)
            signalled_at = len(load.requests)

            shutdown = await services.terminate(victim)

            # The process is gone: its requests fail (connection refused) and the others go on.
            if producer:
                await load.progressed(failed=3, service=producer, timeout=30)
            await load.progressed(accepted=20, timeout=30)
            pending_at_exit = await services.unpublished(victim)
            during = [r for r in load.requests[signalled_at:] if r.service == victim]

            await services.restart(victim)
            await services.ready(victim, timeout=60)
            await load.progressed(accepted=5, service=producer, timeout=60)
        summary = load.summary()
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=90)
        redelivered = await services.metric("scoring", "bastion_events_consumed", outcome="duplicate")

    # Redeliveries (the outbox publishes at least once) are fine: scoring skips them, which the
    # reconciliation holds it to. They are shown for the record.
    print(
        f"{victim}: exit {shutdown.exit_code} after {shutdown.seconds:.2f} s; load: {summary}; {result}; "
        f"redelivered to scoring: {redelivered:.0f}"
    )
    assert shutdown.exit_code == 0, f"{victim} did not exit cleanly:\n{shutdown.log}"
    assert shutdown.seconds < EXIT_BOUND_SECONDS, f"{victim} took {shutdown.seconds:.1f} s to exit"
    assert not shutdown.unclean_lines(), f"{victim} cut work short:\n" + "\n".join(shutdown.unclean_lines())
    # Requests in flight at the signal were answered; none failed with a server error.
    server_errors = [r for r in during if r.status is not None and r.status >= 500]
    assert not server_errors, f"{victim} answered server errors while stopping: {server_errors}"
    assert pending_at_exit == 0, f"{victim} exited with {pending_at_exit} committed events left unpublished"
    assert summary.count(Outcome.ACCEPTED, producer) > 0
