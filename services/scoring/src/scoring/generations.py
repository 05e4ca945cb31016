"""The generation manager: the live generation's consumer, and the pointer reads follow.

Scoring's consumer is declared here (:data:`CONSUMER`, in the service's spec like every service's) and bound
to a generation by the manager, and by ``bastion rebuild`` for the generation it builds.

It checks the generations table every few seconds, so a switch made by ``bastion rebuild`` (which
builds the next generation in its own process) moves reads and consumption without a restart: the
new live generation's consumer goes on from the offsets the rebuild stored with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bastion.consumer import ConsumerRunner, GenerationConsumer
from bastion.db import create_session_factory
from bastion.failures import log_failure
from bastion.runtime import ServiceRuntime
from bastion_contracts import DOMAIN_EVENT_TYPES, DOMAIN_TOPICS, REGISTRY
from scoring.adapters import generations
from scoring.ingest.handler import ScoringHandler
from scoring.rules import RuleBook, load_rule_sets
from scoring.settings import ScoringSettings

log = logging.getLogger(__name__)

CONSUMER = GenerationConsumer(name="scoring", topics=DOMAIN_TOPICS, handles=DOMAIN_EVENT_TYPES)


def consumer_name(generation: str) -> str:
    return CONSUMER.name_in(generation)


class GenerationManager:
    """Runs the live generation's consumer; publishes which generation is live (``live``, None until the
    first is known) and the rule book every generation is computed with."""

    name = "scoring-generations"

    def __init__(self, runtime: ServiceRuntime[ScoringSettings], poll_seconds: float = 2.0) -> None:
        self._runtime = runtime
        self._settings = runtime.settings
        self._poll = poll_seconds
        self._stopping = asyncio.Event()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self.rules = RuleBook(load_rule_sets(self._settings.rule_sets_directory))
        self.live: str | None = None

    def stop(self) -> None:
        self._stopping.set()

    async def prepare(self) -> None:
        """A live generation exists and its consumer runs before the service answers."""
        self.live = await generations.ensure_live(self._runtime.engine)
        await self._follow()

    async def run(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    await self._follow()
                except Exception as exc:  # noqa: BLE001 - e.g. the database away: the consumer goes on, look again
                    log_failure(log, "reading the generations failed; retrying", exc)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self._poll)
        finally:
            for name in list(self._tasks):
                await self._stop_consumer(name)

    async def _follow(self) -> None:
        known = await generations.all_generations(self._runtime.engine)
        # The new live generation's consumer starts before the old one stops: the service always has a
        # consumer of the domain events (``/consumption`` reads what it consumes from its consumers).
        for generation in known:
            if generation.state == "live":
                self.live = generation.name
                if generation.name not in self._tasks:
                    self._start_consumer(generation.name)
        for generation in known:
            if generation.state != "live" and generation.name in self._tasks:
                await self._stop_consumer(generation.name)

    def _start_consumer(self, generation: str) -> None:
        engine = generations.for_generation(self._runtime.engine, generation, kit_tables=True)
        spec = CONSUMER.bound(generation, ScoringHandler(self.rules, self._settings.timezone))
        runner = ConsumerRunner(
            spec,
            sessions=create_session_factory(engine),
            settings=self._settings,
            registry=REGISTRY,
            metrics=self._runtime.metrics,
            engine=engine,
        )
        self._runtime.consumers[spec.name] = runner
        self._tasks[generation] = asyncio.create_task(runner.run(), name=f"consumer-{spec.name}")
        log.info("consuming into generation", extra={"generation": generation})

    async def _stop_consumer(self, generation: str) -> None:
        runner = self._runtime.consumers.pop(consumer_name(generation), None)
        task = self._tasks.pop(generation, None)
        if runner is not None:
            runner.stop()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, 30)
