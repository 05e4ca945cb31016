"""A soak: minutes of steady mixed load on the four services, with flat memory and no growing backlog.

The four services run as real ``bastion serve`` processes; a steady mixed load (``tests.faults.load``)
goes through the producing APIs for ``SOAK_SECONDS`` (3 minutes; ``BASTION_SOAK_SECONDS`` overrides it).
Every ``SAMPLE_SECONDS`` the test samples, for each service:

- its resident memory (RSS, with psutil, of the process and any children);
- its outbox backlog: rows committed but not yet published (the ``outbox`` table itself, exact);
- its consumers' lag: ``bastion_consumer_lag_messages`` summed over partitions (activity, feedback
  and scoring consume; roster does not).

The run is cut in thirds. The first is warm-up (imports, caches, connection pools, the allocator
settling) and is not judged. Then:

- flat memory: each service's median RSS over the last third is at most ``RSS_BOUND_MB`` (or
  ``RSS_BOUND_FRACTION`` of it, whichever is larger) above its median over the middle third. Bounded
  caches (compiled statements, pools, the allocator's arenas) fill up during the warm-up and then level
  off; a leak climbs on. What this catches is a leak of more than the bound per third of the run: at the
  default length and rate, about 15 MB a minute, some 18 KB a request. A slower leak needs a longer soak
  (``BASTION_SOAK_SECONDS``); the least-squares slope after the warm-up is printed for the record;
- bounded backlog and lag: over the last third, no sample of any service's outbox backlog or lag is
  above ``BACKLOG_BOUND`` (a few seconds' worth of the load's events): the relays and consumers keep
  up with the load rather than fall behind it;
- once the load stops, every backlog and lag drains to 0 within ``DRAIN_SECONDS``;
- no request failed (no server error, no timeout) in all that time.

The samples and their summary by third are printed (the CI log keeps the numbers). Then the producers'
databases and scoring's are reconciled event by event (``tests.faults.reconcile``).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bastion.testing import TestStack
from tests.faults.load import Outcome
from tests.faults.reconcile import assert_reconciled
from tests.faults.services import SPECS, Services, running_services

SOAK_SECONDS = float(os.environ.get("BASTION_SOAK_SECONDS", "180"))
SAMPLE_SECONDS = max(1.0, SOAK_SECONDS / 36)  # about 12 samples a third, whatever the length
RATE = 15.0  # requests per second over all workers: steady, well within what a 2-core machine serves
RSS_BOUND_MB = 15.0  # allowed growth of the median RSS from the middle third to the last
RSS_BOUND_FRACTION = 0.10  # ... or this fraction of the middle third's median, whichever is larger
BACKLOG_BOUND = 250  # events (about ten seconds of the load's): outbox rows or consumer lag per service
DRAIN_SECONDS = 60.0  # from the end of the load to empty outboxes and no lag
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Sample:
    """One look at every service, ``at`` seconds into the load."""

    at: float
    rss_mb: dict[str, float]
    backlog: dict[str, int]  # outbox rows not yet published
    lag: dict[str, float]  # consumers' messages behind the high watermarks

    def __str__(self) -> str:
        return f"{self.at:6.1f} s  " + "  ".join(
            f"{name} {self.rss_mb[name]:6.1f} MB out {self.backlog[name]:3d} lag {self.lag[name]:3.0f}"
            for name in SPECS
        )


@pytest.mark.slow
@pytest.mark.timeout(int(SOAK_SECONDS) + 480)
async def test_a_soak_of_steady_mixed_load_keeps_memory_flat_and_backlogs_bounded(
    stack: TestStack, test_work_dir: Path
) -> None:
    async with running_services(stack, test_work_dir) as services:
        processes = {name: _process(services, name) for name in SPECS}
        samples: list[Sample] = []
        async with services.load(rate=RATE, workers=4, seed=31) as load:
            started = time.monotonic()
            while (elapsed := time.monotonic() - started) < SOAK_SECONDS:
                samples.append(await _sample(services, processes, elapsed))
                await asyncio.sleep(max(0.0, started + len(samples) * SAMPLE_SECONDS - time.monotonic()))
        summary = load.summary()
        stopped = time.monotonic()
        drained = await _drained(services, processes, stopped)
        drain_seconds = time.monotonic() - stopped
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=180)

    _, middle, last = _thirds(samples)
    report = _report(samples, middle, last)
    print(
        f"soak of {SOAK_SECONDS:.0f} s at {RATE:.0f} requests/s, {len(samples)} samples every "
        f"{SAMPLE_SECONDS:.1f} s:\n" + "\n".join(str(sample) for sample in samples) + f"\n{report}\n"
        f"drained {drain_seconds:.1f} s after the load stopped: {drained}\nload: {summary}\n{result}"
    )
    assert len(middle) >= 3, f"too short a soak to judge: {len(samples)} samples"
    assert summary.count(Outcome.FAILED) == 0, f"requests failed under a steady load: {summary}"
    assert summary.count(Outcome.ACCEPTED) >= RATE * SOAK_SECONDS * 0.5, f"the load did not keep its rate: {summary}"
    for name in SPECS:
        before, after = _median(middle, "rss_mb", name), _median(last, "rss_mb", name)
        allowed = max(RSS_BOUND_MB, RSS_BOUND_FRACTION * before)
        assert after - before <= allowed, (
            f"{name}'s memory grew by {after - before:.1f} MB (median RSS {before:.1f} -> {after:.1f} MB "
            f"from the middle third to the last; allowed {allowed:.1f} MB)\n{report}"
        )
        worst_backlog = max(sample.backlog[name] for sample in last)
        assert worst_backlog <= BACKLOG_BOUND, f"{name}'s outbox backlog reached {worst_backlog} events\n{report}"
        worst_lag = max(sample.lag[name] for sample in last)
        assert worst_lag <= BACKLOG_BOUND, f"{name}'s consumers lagged {worst_lag:.0f} messages behind\n{report}"
    assert all(value == 0 for value in drained.values()), f"not drained within {DRAIN_SECONDS:.0f} s: {drained}"


def _process(services: Services, name: str) -> psutil.Process:
    process = services.processes[name].process
    if process is None:
        raise RuntimeError(f"{name} is not started")
    return psutil.Process(process.pid)


async def _sample(services: Services, processes: dict[str, psutil.Process], at: float) -> Sample:
    rss = {name: _rss(process) / MB for name, process in processes.items()}
    backlog = {name: await services.unpublished(name) for name in SPECS}
    lag = {name: await _gauge(services.processes[name].url, "bastion_consumer_lag_messages") for name in SPECS}
    return Sample(at, rss, backlog, lag)


def _rss(process: psutil.Process) -> int:
    """Resident memory of the process and its children (the services run as one process, but a child
    would count)."""
    return process.memory_info().rss + sum(
        child.memory_info().rss for child in process.children(recursive=True) if child.is_running()
    )


async def _gauge(url: str, family: str) -> float:
    """The sum of a gauge family's samples (over all its labels) in a service's ``/metrics``; 0 if absent."""
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        text = (await client.get("/metrics")).text
    return sum(
        sample.value
        for found in text_string_to_metric_families(text)
        if found.name == family
        for sample in found.samples
    )


async def _drained(services: Services, processes: dict[str, psutil.Process], stopped: float) -> dict[str, float]:
    """Wait until every outbox is published and no consumer lags (up to ``DRAIN_SECONDS``); what is left
    (backlog plus lag, by service: all 0 when drained)."""
    while True:
        sample = await _sample(services, processes, time.monotonic() - stopped)
        left = {name: sample.backlog[name] + sample.lag[name] for name in SPECS}
        if not any(left.values()) or time.monotonic() - stopped > DRAIN_SECONDS:
            return left
        await asyncio.sleep(0.5)


def _thirds(samples: Sequence[Sample]) -> tuple[Sequence[Sample], Sequence[Sample], Sequence[Sample]]:
    """Warm-up, middle and last third of the samples."""
    third = len(samples) // 3
    return samples[:third], samples[third : 2 * third], samples[2 * third :]


def _median(samples: Sequence[Sample], field: str, name: str) -> float:
    return statistics.median(getattr(sample, field)[name] for sample in samples)


def _report(samples: Sequence[Sample], middle: Sequence[Sample], last: Sequence[Sample]) -> str:
    """By service: median RSS of each third and its growth, a least-squares slope over the judged two
    thirds, and the largest backlog and lag of each judged third."""
    warm_up = samples[: len(samples) - len(middle) - len(last)]
    lines = []
    for name in SPECS:
        judged = [*middle, *last]
        slope = _slope([s.at for s in judged], [s.rss_mb[name] for s in judged]) * 60 if len(judged) > 1 else 0.0
        medians = [_median(part, "rss_mb", name) if part else float("nan") for part in (warm_up, middle, last)]
        lines.append(
            f"{name:9s} RSS median by third {medians[0]:.1f} / {medians[1]:.1f} / {medians[2]:.1f} MB "
            f"(last - middle {medians[2] - medians[1]:+.1f} MB; slope after warm-up {slope:+.2f} MB/min); "
            f"max backlog middle/last {max((s.backlog[name] for s in middle), default=0)}"
            f"/{max((s.backlog[name] for s in last), default=0)}; "
            f"max lag middle/last {max((s.lag[name] for s in middle), default=0):.0f}"
            f"/{max((s.lag[name] for s in last), default=0):.0f}"
        )
    return "\n".join(lines)


def _slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ys over xs."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0
