"""Watching a running service from outside: its Prometheus metrics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.stack import ServiceProcess


async def counter_total(client: httpx.AsyncClient, url: str, name: str) -> float:
    """A counter's sum over all its labels (``name`` without ``_total``)."""
    samples = await _samples(client, url, name)
    return sum(value for sample_name, value in samples if sample_name == f"{name}_total")


async def histogram_totals(client: httpx.AsyncClient, url: str, name: str) -> tuple[float, float]:
    """A histogram's observation count and sum over all its labels."""
    samples = await _samples(client, url, name)
    count = sum(value for sample_name, value in samples if sample_name == f"{name}_count")
    total = sum(value for sample_name, value in samples if sample_name == f"{name}_sum")
    return count, total


async def _samples(client: httpx.AsyncClient, url: str, name: str) -> list[tuple[str, float]]:
    response = await client.get(f"{url}/metrics")
    response.raise_for_status()
    families = text_string_to_metric_families(response.text)
    return [(sample.name, sample.value) for family in families if family.name == name for sample in family.samples]


@dataclass
class Progress:
    """(seconds since start, count) samples of a counter while it climbs to a target."""

    samples: list[tuple[float, float]] = field(default_factory=list)

    def first_moving(self) -> tuple[float, float]:
        """The last sample before the count started to move (so start-up is not counted)."""
        base = self.samples[0][1]
        previous = self.samples[0]
        for sample in self.samples:
            if sample[1] > base:
                return previous
            previous = sample
        return previous

    def rate(self) -> float:
        """Events per second from the first movement to the end."""
        (t0, c0), (t1, c1) = self.first_moving(), self.samples[-1]
        return (c1 - c0) / (t1 - t0) if t1 > t0 else 0.0


async def until_counted(
    service: ServiceProcess,
    name: str,
    target: float,
    *,
    timeout: float,
    interval: float = 0.25,
    say: Callable[[str], None] = print,
) -> Progress:
    """Poll the counter until it reaches ``target``; fails if it stops moving or the time runs out."""
    progress = Progress()
    started = time.perf_counter()
    last_report = started
    async with httpx.AsyncClient(timeout=10) as client:
        while True:
            count = await counter_total(client, service.url, name)
            now = time.perf_counter()
            progress.samples.append((now - started, count))
            if count >= target:
                return progress
            if service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited; see {service.log_path}")
            if now - started > timeout:
                raise TimeoutError(f"{service.name} counted {count:.0f} of {target:.0f} in {timeout:.0f} s")
            if now - last_report > 10:
                say(f"    {count:,.0f} of {target:,.0f}")
                last_report = now
            await asyncio.sleep(interval)
