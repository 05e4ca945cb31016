"""The process's resources (engine, sessions, metrics, relay, consumers) and their lifecycle.

Started by the FastAPI lifespan and closed in reverse order; every background task is
tracked, and one that dies unexpectedly makes ``/readyz`` fail.

The runtime is generic over the service's settings type, so a service's code reads its own settings with
their own type: :func:`runtime_with` checks the type once where the runtime comes in (a route dependency, a
worker factory) instead of a ``cast`` at every use. What a service's workers share with its routes (scoring's
live generation, roster's identity provider) is one typed object per kind, found by its type (:meth:`part`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeGuard, TypeVar

from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from typing_extensions import TypeVar as DefaultedTypeVar

from bastion.consumer.runner import ConsumerRunner
from bastion.db.engine import create_engine, create_session_factory
from bastion.metrics import BastionMetrics
from bastion.outbox.relay import OutboxRelay
from bastion.settings import ServiceSettings

if TYPE_CHECKING:
    from bastion.service import Worker

log = logging.getLogger(__name__)

_STOP_TIMEOUT_SECONDS = 15.0
RELAY_TASK = "outbox-relay"

# Covariant: the settings are set once, at creation, and only read; so a runtime of roster's settings is a
# runtime of the kit's settings, and the kit's code takes any service's runtime. ``ServiceRuntime`` unqualified
# is a runtime of some service's settings (the kit's view).
Settings_co = DefaultedTypeVar("Settings_co", bound=ServiceSettings, covariant=True, default=ServiceSettings)
Settings = TypeVar("Settings", bound=ServiceSettings)
Part = TypeVar("Part")


@dataclass
class ServiceRuntime(Generic[Settings_co]):
    settings: Settings_co
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    metrics: BastionMetrics
    relay: OutboxRelay | None = None
    consumers: dict[str, ConsumerRunner] = field(default_factory=dict)
    workers: list[Worker] = field(default_factory=list)
    parts: dict[type[object], object] = field(default_factory=dict)  # what a service's workers share with its routes
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stopped_cleanly: bool | None = None  # set by close()

    @classmethod
    def create(cls, settings: Settings, registry: CollectorRegistry) -> ServiceRuntime[Settings]:
        engine = create_engine(
            settings.require_database_url(),
            pool_size=settings.database_pool_size,
            application_name=f"bastion-{settings.service_name}",
        )
        return ServiceRuntime(settings, engine, create_session_factory(engine), BastionMetrics(registry))

    def keep(self, part: object) -> None:
        """Hold ``part`` for the process's life, found again by its type (one of each type)."""
        self.parts[type(part)] = part

    def part(self, kind: type[Part]) -> Part | None:
        """The part of this type held (a worker, once started, is one), or None if none is yet."""
        found = self.parts.get(kind)
        return found if isinstance(found, kind) else None

    def spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work, name=name)
        task.add_done_callback(_report_unexpected_end)
        self.tasks.append(task)

    def dead_tasks(self) -> list[str]:
        return [task.get_name() for task in self.tasks if task.done()]

    async def close(self) -> None:
        """Stop in order, within one bound: workers and consumers end (each finishes and commits its round or
        batch in flight); then the relay publishes what they and the last requests committed; then the engine.
        ``stopped_cleanly`` says whether everything ended in time (what was cancelled is retried at the next
        start: nothing is lost, but the exit status says so)."""
        deadline = asyncio.get_running_loop().time() + _STOP_TIMEOUT_SECONDS
        for worker in self.workers:
            worker.stop()
        for runner in self.consumers.values():
            runner.stop()
        relay = [task for task in self.tasks if task.get_name() == RELAY_TASK]
        in_time = await _finish([task for task in self.tasks if task not in relay], deadline)
        if self.relay is not None:
            self.relay.stop()
        in_time &= await _finish(relay, deadline)
        self.stopped_cleanly = in_time
        await self.engine.dispose()


def runs_with(runtime: ServiceRuntime, settings_type: type[Settings]) -> TypeGuard[ServiceRuntime[Settings]]:
    return isinstance(runtime.settings, settings_type)


def runtime_with(runtime: ServiceRuntime, settings_type: type[Settings]) -> ServiceRuntime[Settings]:
    """``runtime`` as a runtime of ``settings_type``: a service's code runs only with its own settings, and a
    runtime built with any other is a wiring defect, refused here rather than misread later."""
    if not runs_with(runtime, settings_type):
        raise TypeError(f"expected a runtime with {settings_type.__name__}, not {type(runtime.settings).__name__}")
    return runtime


async def _finish(tasks: list[asyncio.Task[None]], deadline: float) -> bool:
    """Wait for the tasks until ``deadline``, then cancel the rest; True if none had to be cancelled."""
    if not tasks:
        return True
    _done, pending = await asyncio.wait(tasks, timeout=max(0.0, deadline - asyncio.get_running_loop().time()))
    for task in pending:
        log.warning("background task did not stop in time; cancelling", extra={"task": task.get_name()})
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    return not pending


def _report_unexpected_end(task: asyncio.Task[None]) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.critical("background task died", exc_info=exc, extra={"task": task.get_name()})
