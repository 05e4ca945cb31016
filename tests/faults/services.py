"""The four services as real processes (``bastion serve``) on one topic prefix, for fault tests.

Each service is a :class:`~bastion.testing.ServiceProcess` with a fresh database of its own; all of them
use the same broker (the session's, or the one named) and the test's topic prefix, so they hear each
other. A killed or stopped service comes back at the same address, so a
:class:`~tests.faults.load.MixedLoad` running against the system simply sees its requests fail meanwhile::

    async with running_services(stack, test_work_dir, failpoints={"scoring": "consumer.after_db_commit"}) as services:
        async with services.load(rate=10) as load:
            ...
            services.kill("activity")
            await services.restart("activity")
        await assert_reconciled(services.databases, load.accepted_event_ids)
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from activity.main import SERVICE as ACTIVITY
from bastion.db import create_engine
from bastion.db.tables import outbox
from bastion.settings import ServiceSettings
from bastion.testing import ServiceProcess, TestStack
from bastion.testing.auth import bearer
from feedback.main import SERVICE as FEEDBACK
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.faults.load import PRODUCERS, MixedLoad
from tests.faults.reconcile import Databases

SPECS = {"roster": ROSTER, "activity": ACTIVITY, "feedback": FEEDBACK, "scoring": SCORING}

# Log words that say work was cut short rather than finished (besides error and critical lines).
_UNCLEAN = ("Traceback", "CancelledError", "cancelled while", "was never retrieved", "did not stop in time")


@dataclass(frozen=True)
class Shutdown:
    """How a process ended after SIGTERM: its exit code (None: still running at the bound, then killed),
    how long it took, what it logged meanwhile."""

    exit_code: int | None
    seconds: float
    log: str

    def unclean_lines(self) -> list[str]:
        return [line for line in self.log.splitlines() if _unclean(line)]


@dataclass
class Services:
    """The running services: their settings and processes."""

    settings: dict[str, ServiceSettings]
    processes: dict[str, ServiceProcess]

    @property
    def urls(self) -> dict[str, str]:
        return {name: process.url for name, process in self.processes.items()}

    @property
    def databases(self) -> Databases:
        return Databases.of(self.settings)

    def load(self, **options: Any) -> MixedLoad:
        """A mixed load on the producing services (see :class:`MixedLoad` for the options)."""
        return MixedLoad.at({name: self.urls[name] for name in PRODUCERS}, headers=self.admin, **options)

    @property
    def admin(self) -> dict[str, str]:
        """Headers that sign in as an admin (every service checks the same embedded key)."""
        return bearer(self.settings["roster"])

    def kill(self, service: str) -> None:
        """SIGKILL, as a crash would."""
        self.processes[service].kill()

    async def terminate(self, service: str, timeout: float = 30.0) -> Shutdown:
        """SIGTERM, as an orchestrator stops a service, and wait for the exit (SIGKILL after ``timeout``)."""
        process = self.processes[service]
        if process.process is None:
            raise RuntimeError(f"{service} is not started")
        offset = process.log_path.stat().st_size if process.log_path.exists() else 0
        started = time.monotonic()
        process.process.send_signal(signal.SIGTERM)
        code: int | None
        try:
            code = await process.exited(timeout)
        except Exception:  # noqa: BLE001 - still running after the bound: report it, then kill it
            code = None
            process.kill()
        seconds = time.monotonic() - started
        with process.log_path.open("rb") as log:
            log.seek(offset)
            written = log.read().decode(errors="replace")
        return Shutdown(code, seconds, written)

    async def exited(self, service: str, timeout: float = 30.0) -> int:
        """Wait for ``service`` to end (e.g. at an armed fail point); its exit code (-9: SIGKILL)."""
        return await self.processes[service].exited(timeout)

    def running(self, service: str) -> bool:
        process = self.processes[service].process
        return process is not None and process.poll() is None

    async def restart(self, service: str, *, failpoints: str = "") -> None:
        """Start ``service`` again, at the same address, with ``failpoints`` armed (none by default)."""
        process = self.processes[service]
        process.failpoints = failpoints
        await process.started(timeout=60)

    async def readiness(self, service: str) -> tuple[int, dict[str, str]]:
        """``/readyz``: its status and the checks that are not ok."""
        async with httpx.AsyncClient(base_url=self.processes[service].url, timeout=10) as client:
            answer = await client.get("/readyz")
        checks: dict[str, str] = answer.json().get("checks", {})
        return answer.status_code, {name: reason for name, reason in checks.items() if reason != "ok"}

    async def ready(self, service: str, timeout: float = 60.0) -> float:
        """Wait until ``/readyz`` answers 200 (database, broker, background tasks, partitions); the seconds
        it took."""
        started = time.monotonic()
        while True:
            try:
                if (await self.readiness(service))[0] == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{service} not ready within {timeout:.0f} s:\n{self.log_tail(service)}")
            await asyncio.sleep(0.2)

    async def unready(self, service: str, timeout: float = 30.0) -> dict[str, str]:
        """Wait until ``/readyz`` answers 503; the checks that failed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, failing = await self.readiness(service)
            if status == 503:
                return failing
            await asyncio.sleep(0.2)
        raise AssertionError(f"{service} still ready after {timeout:.0f} s")

    async def unpublished(self, service: str) -> int:
        """Rows of the service's outbox not yet published."""
        engine = create_engine(self.settings[service].require_database_url(), pool_size=1)
        try:
            async with engine.connect() as connection:
                count = await connection.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
                )
        finally:
            await engine.dispose()
        return int(count or 0)

    async def drained(self, *names: str, timeout: float = 30.0) -> None:
        """Wait until these services' relays have published everything committed so far."""
        deadline = time.monotonic() + timeout
        for name in names:
            while await self.unpublished(name):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name}'s outbox not published within {timeout:.0f} s")
                await asyncio.sleep(0.1)

    def log_tail(self, service: str, lines: int = 40) -> str:
        return self.processes[service].log_tail(lines)

    def log_has(self, service: str, text: str) -> bool:
        """Whether ``service``'s log (all its runs) contains ``text``."""
        path = self.processes[service].log_path
        return path.exists() and text in path.read_text(errors="replace")

    async def metric(self, service: str, family: str, **labels: str) -> float:
        """The sum of a counter family's ``_total`` samples (with these labels) in ``service``'s ``/metrics``."""
        async with httpx.AsyncClient(base_url=self.processes[service].url, timeout=10) as client:
            text = (await client.get("/metrics")).text
        return sum(
            sample.value
            for found in text_string_to_metric_families(text)
            if found.name == family
            for sample in found.samples
            if sample.name.endswith("_total") and labels.items() <= sample.labels.items()
        )


@asynccontextmanager
async def running_services(
    stack: TestStack,
    log_dir: Path,
    *,
    failpoints: Mapping[str, str] | None = None,
    only: Mapping[str, Mapping[str, Any]] | None = None,
    **overrides: Any,
) -> AsyncIterator[Services]:
    """The four services started (``failpoints`` armed per service), stopped on exit. ``overrides`` change
    every service's settings (e.g. ``kafka_bootstrap_servers`` of a broker of the test's own), ``only``
    one service's (e.g. ``{"scoring": {"database_url": ...}}``)."""
    armed = failpoints or {}
    settings = {
        name: await stack.settings_for(spec, **{**overrides, **(only or {}).get(name, {})})
        for name, spec in SPECS.items()
    }
    processes = {
        name: ServiceProcess(name, settings[name], log_dir=log_dir, failpoints=armed.get(name, "")) for name in SPECS
    }
    try:
        await asyncio.gather(*(process.started(timeout=60) for process in processes.values()))
        yield Services(settings, processes)
    finally:
        await asyncio.gather(*(asyncio.to_thread(process.stop) for process in processes.values()))


def _unclean(line: str) -> bool:
    try:
        level = json.loads(line).get("level")
    except (ValueError, AttributeError):
        level = None
    return level in ("error", "critical") or any(word in line for word in _UNCLEAN)
