"""Scoring's PostgreSQL restarted under load: scoring notices (readiness 503), recovers by itself once the
server is back (readiness 200 again, no restart of the process) and has then counted every event once, and
announced every change once.

Scoring's database lives on a server of the test's own (``own_postgres``); the producers keep theirs on the
session's server and keep accepting requests throughout. Both a planned restart (fast shutdown: sessions
are ended, transactions in progress roll back) and a crash (immediate shutdown: recovery from the WAL at
start) are tried.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bastion.devstack.postgres import EmbeddedPostgres
from bastion.testing import TestStack
from bastion.testing.stack import migrated_database
from scoring.main import SERVICE as SCORING
from tests.faults.announcements import check_announcements, settled
from tests.faults.reconcile import assert_reconciled
from tests.faults.services import running_services

RECOVERY_BOUND_SECONDS = 45.0  # from the server accepting connections again to scoring ready


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("crash", [False, True], ids=["fast-shutdown", "crash"])
async def test_scoring_recovers_by_itself_from_a_restart_of_its_database_and_counts_every_event_once(
    crash: bool, stack: TestStack, own_postgres: EmbeddedPostgres, test_work_dir: Path
) -> None:
    scoring_database = await migrated_database(own_postgres.url, SCORING)
    async with running_services(stack, test_work_dir, only={"scoring": {"database_url": scoring_database}}) as services:
        async with services.load(rate=20, workers=4, seed=11) as load:
            await services.ready("scoring")
            await load.progressed(accepted=40, timeout=60)

            await asyncio.to_thread(own_postgres.stop, immediate=crash)
            failing = await services.unready("scoring", timeout=30)
            # The producers do not depend on scoring: their requests go on being accepted meanwhile.
            await load.progressed(accepted=40, timeout=60)
            still_failing = (await services.readiness("scoring"))[0] == 503

            await asyncio.to_thread(own_postgres.start)
            recovery = await services.ready("scoring", timeout=RECOVERY_BOUND_SECONDS)
            await load.progressed(accepted=40, timeout=60)
        summary = load.summary()
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=90)
        await settled(services.settings["scoring"], timeout=60)
        announcements = await check_announcements(
            stack.kafka_bootstrap, stack.topic_prefix, services.settings["scoring"]
        )
        still_running = services.running("scoring")

    print(
        f"scoring's database {'crashed' if crash else 'restarted'}: unready with {failing}; ready again "
        f"{recovery:.1f} s after the server was back; load: {summary}; {result}; announcements: {announcements}"
    )
    assert still_running, "scoring recovered without being restarted"
    assert "database" in failing, f"readiness named the database: {failing}"
    assert still_failing, "scoring stayed unready while its database was down"
    assert not announcements.problems, str(announcements)
    assert announcements.changes > 0, str(announcements)
