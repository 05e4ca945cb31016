"""Rebuild: replay every topic from the beginning into a new generation, check it, switch reads to it.

``bastion rebuild`` runs the replay in its own process while the service goes on serving reads from
the live generation. When the new generation has caught up, its tables are compared with the live
ones (once both have applied the same offsets); then reads switch, with no downtime: the service
notices the new live generation within seconds and consumes into it from where the rebuild stopped.
Needed when rules change for a past period (rule sets are read from ``SCORING_RULE_SETS_DIRECTORY``).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer import ConsumerRunner
from bastion.db import create_engine, create_session_factory
from bastion.db.tables import consumer_offsets
from bastion.memory import settle_garbage_collector
from bastion.metrics import BastionMetrics
from bastion_contracts import REGISTRY
from scoring.adapters import generations
from scoring.adapters.orm import PROJECTION_VERSION, projection
from scoring.generations import CONSUMER
from scoring.ingest.handler import ScoringHandler
from scoring.rules import RuleBook, load_rule_sets
from scoring.settings import ScoringSettings

FACTS = [table.name for table in projection.sorted_tables if table.name.startswith("f_")]


@dataclass
class Rebuild:
    settings: ScoringSettings
    say: Callable[[str], None] = print
    catch_up_timeout: float = 3600.0

    async def run(self, *, switch: bool = True) -> str:
        engine = create_engine(self.settings.require_database_url(), pool_size=4, application_name="bastion-rebuild")
        try:
            live = await generations.ensure_live(engine)
            target = await generations.create(engine, "building", note=f"rebuild of {live}")
            self.say(f"Rebuilding into {target.name} (reads stay on {live}) ...")
            switched = False
            try:
                await self._build(engine, live, target.name)
                if switch:
                    await generations.switch_to(engine, target.name)
                    switched = True
                    self.say(f"Reads switched to {target.name}; {live} is retired (drop it with --drop {live}).")
            finally:
                if not switched:
                    await generations.retire(engine, target.name, "built, not switched to")
                    self.say(f"{target.name} is set aside, not switched to (drop it with --drop {target.name}).")
            return target.name
        finally:
            await engine.dispose()

    async def _build(self, engine: AsyncEngine, live: str, target: str) -> None:
        """Replay the topics into ``target`` until it has caught up and matches ``live`` (when comparable).

        Its consumer is stopped before this returns, so before any switch: from then on the service's consumer
        is the only one of the generation, and goes on from the offsets stored with it."""
        runner = self._runner(engine, target)
        task = asyncio.create_task(runner.run())
        try:
            await self._until_caught_up(runner)
            if await self._comparable(engine, live):
                await self._until_identical(engine, live, target)
        finally:
            runner.stop()
            await task

    def _runner(self, engine: AsyncEngine, name: str) -> ConsumerRunner:
        mapped = generations.for_generation(engine, name, kit_tables=True)
        rules = RuleBook(load_rule_sets(self.settings.rule_sets_directory))
        spec = CONSUMER.bound(name, ScoringHandler(rules, self.settings.timezone))
        metrics = BastionMetrics(CollectorRegistry())
        # One process reads every partition from the start, whatever the service's replicas do: it takes
        # them all itself and never joins the generation's consumer group. (Had it joined, a service whose
        # consumer takes its partitions itself, as `make run`'s does, would commit to a group that has had a
        # member: Tansu refuses those commits for good, and aiokafka logs an error at each one.)
        alone = self.settings.model_copy(update={"consumer_assignment": "static"})
        return ConsumerRunner(
            spec,
            sessions=create_session_factory(mapped),
            settings=alone,
            registry=REGISTRY,
            metrics=metrics,
            engine=mapped,
        )

    async def _until_caught_up(self, runner: ConsumerRunner) -> None:
        started = time.monotonic()
        settled = 0
        caught_up_at = started
        while settled < 3:
            await asyncio.sleep(1)
            if time.monotonic() - started > self.catch_up_timeout:
                raise TimeoutError("the rebuild did not catch up in time")
            settled = settled + 1 if runner.lag == 0 else 0
            if settled == 1:
                caught_up_at = time.monotonic()
            self.say(
                f"  {runner.batches_committed} batches applied, {runner.lag if runner.lag is not None else '?'} behind"
            )
        self.say(f"Caught up after {caught_up_at - started:.1f} s.")

    async def _comparable(self, engine: AsyncEngine, live: str) -> bool:
        """Whether the live generation keeps the same facts as this version: one built by an earlier version
        lacks what was added since for the events it applied before (that is what this rebuild is for)."""
        built_by = next(g.projection_version for g in await generations.all_generations(engine) if g.name == live)
        if built_by == PROJECTION_VERSION:
            return True
        self.say(
            f"{live} was built by an earlier projection (version {built_by}, now {PROJECTION_VERSION}): it lacks "
            "facts this version keeps, so the rebuilt facts are not compared with it."
        )
        return False

    async def _until_identical(self, engine: AsyncEngine, live: str, target: str, attempts: int = 20) -> None:
        """Compare the generations once both have applied the same offsets (events keep arriving).

        Facts depend on the events only: they must be identical. The ledger also depends on the rules,
        so a difference there is reported (it is what a rebuild with changed rules is for), not refused.
        """
        for _ in range(attempts):
            if await _offsets(engine, live) == await _offsets(engine, target):
                differing = [t for t in FACTS if await _digest(engine, live, t) != await _digest(engine, target, t)]
                if differing:
                    raise RuntimeError(f"the rebuilt facts differ from the live ones in {', '.join(differing)}")
                self.say(f"Checked: the {len(FACTS)} fact tables are identical to {live}'s.")
                before, after = await _digest(engine, live, "ledger"), await _digest(engine, target, "ledger")
                same = (
                    "identical" if before == after else f"different ({before[0]} → {after[0]} entries: rules changed?)"
                )
                self.say(f"Ledger: {same}.")
                return
            await asyncio.sleep(1)
        raise TimeoutError("the live and rebuilt generations never stood at the same offsets to be compared")


async def _offsets(engine: AsyncEngine, generation: str) -> dict[tuple[str, int], int]:
    mapped = generations.for_generation(engine, generation, kit_tables=True)
    async with mapped.connect() as connection:
        rows = await connection.execute(
            select(consumer_offsets.c.topic, consumer_offsets.c.partition, consumer_offsets.c.next_offset)
        )
    return {(topic, partition): offset for topic, partition, offset in rows}


async def _digest(engine: AsyncEngine, generation: str, table: str) -> tuple[int, str | None]:
    """Row count and a digest of every row, in a stable order: equal digests, equal tables."""
    schema, name = generations.checked(generation), projection.tables[f"projection.{table}"].name
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text(
                    f'SELECT count(*), md5(string_agg(t::text, \',\' ORDER BY t::text)) FROM "{schema}"."{name}" t'  # noqa: S608
                )
            )
        ).one()
    return int(row[0]), row[1]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``bastion rebuild``: the scoring projection, from the beginning of the topics."""
    parser = commands.add_parser("rebuild", help="rebuild scoring's projection from the topics and switch reads to it")
    parser.add_argument("--no-switch", action="store_true", help="build and check, but keep reads where they are")
    parser.add_argument("--drop", metavar="GENERATION", help="drop a retired generation's tables instead")
    parser.set_defaults(run=_command)


def _command(args: argparse.Namespace) -> int:
    settings = ScoringSettings()
    settle_garbage_collector()
    if args.drop:
        engine = create_engine(settings.require_database_url(), pool_size=1)
        asyncio.run(_drop(engine, args.drop))
        print(f"{args.drop} dropped")
        return 0
    asyncio.run(Rebuild(settings).run(switch=not args.no_switch))
    return 0


async def _drop(engine: AsyncEngine, name: str) -> None:
    try:
        await generations.drop(engine, name)
    finally:
        await engine.dispose()
