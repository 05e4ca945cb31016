"""The load and the reconciliation themselves: without a fault everything reconciles, and the check
names what it finds when a projection lost, doubled or invented something (so it can fail)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete, insert, select, update

from activity.main import SERVICE as ACTIVITY
from bastion.db import create_engine
from bastion.db.tables import outbox
from bastion.testing import TestStack, running_service
from feedback.main import SERVICE as FEEDBACK
from roster.main import SERVICE as ROSTER
from scoring.adapters import orm as scoring_tables
from scoring.adapters.generations import for_generation
from scoring.main import SERVICE as SCORING
from tests.faults.load import MixedLoad, Outcome
from tests.faults.reconcile import Databases, assert_reconciled, reconcile

# A system of processes (seconds to a minute each): in `make test-slow`, beside the fault tests.
pytestmark = pytest.mark.slow


@dataclass
class Reconciled:
    databases: Databases
    load: MixedLoad


@pytest.fixture
async def reconciled(stack: TestStack) -> Reconciled:
    """The four services in this test's loop, a few seconds of load, and everything reconciled."""
    specs = {"roster": ROSTER, "activity": ACTIVITY, "feedback": FEEDBACK, "scoring": SCORING}
    settings = {name: await stack.settings_for(spec) for name, spec in specs.items()}
    async with (
        running_service(ROSTER, settings["roster"]) as roster,
        running_service(ACTIVITY, settings["activity"]) as activity,
        running_service(FEEDBACK, settings["feedback"]) as feedback,
        running_service(SCORING, settings["scoring"]),
    ):
        load = MixedLoad({"roster": roster.http, "activity": activity.http, "feedback": feedback.http}, seed=7)
        async with load:
            await load.progressed(accepted=80, timeout=60)
        databases = Databases.of(settings)
        await assert_reconciled(databases, load.accepted_event_ids, timeout=60)
    return Reconciled(databases, load)


@pytest.mark.timeout(120)
async def test_a_steady_load_without_faults_is_accepted_and_reconciles(reconciled: Reconciled) -> None:
    summary = reconciled.load.summary()
    result = await reconcile(reconciled.databases, reconciled.load.accepted_event_ids)

    assert summary.count(Outcome.FAILED) == 0, summary
    assert summary.count(Outcome.REFUSED) == 0, [r.error for r in reconciled.load.requests if r.error]
    assert result.ok, result
    assert result.figures["ledger entries"] > 0, result
    assert result.figures["f_attendance"] > 0, result
    assert result.figures["f_ratings"] > 0, result


@pytest.mark.timeout(120)
async def test_the_check_names_what_scoring_lost_doubled_or_never_got(reconciled: Reconciled) -> None:
    databases = reconciled.databases
    scoring = create_engine(databases.scoring, pool_size=1)
    activity = create_engine(databases.activity, pool_size=1)
    try:
        async with for_generation(scoring, "gen_1", kit_tables=False).begin() as connection:
            rating = await connection.scalar(select(scoring_tables.f_ratings.c.rating_id).limit(1))
            await connection.execute(
                delete(scoring_tables.f_ratings).where(scoring_tables.f_ratings.c.rating_id == rating)
            )
            entry = (await connection.execute(select(scoring_tables.ledger).limit(1))).mappings().one()
            doubled = {**entry, "entry_id": entry["source_event_id"]}  # same rule and event, another id
            await connection.execute(insert(scoring_tables.ledger).values(doubled))
        async with activity.begin() as connection:
            unpublished = await connection.scalar(select(outbox.c.event_id).order_by(outbox.c.id.desc()).limit(1))
            await connection.execute(update(outbox).where(outbox.c.event_id == unpublished).values(published_at=None))
    finally:
        await scoring.dispose()
        await activity.dispose()

    result = await reconcile(databases, reconciled.load.accepted_event_ids)

    report = str(result)
    assert f"f_ratings: rows of the producer missing in scoring: 1: {rating}" in report
    assert f"ledger lines posted twice (kind, rule, member, event): 1: ('{entry['kind']}'" in report
    assert f"in an outbox but not published: 1: {unpublished}" in report
