"""A year of the organisation's events, pre-filled on the topics, then read by scoring, the two baselines and
a rebuild: measurements 1 (sustained ingest), 3 (rebuild) and 5 (memory, during ingest).

Every reader starts from the beginning of the same topics on the same broker, with its own database on the
same PostgreSQL server, one after the other, so each has the machine to itself.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.baselines import run_ceiling, run_naive
from bench.observe import until_counted
from bench.organisation import build_organisation
from bench.proc import peak_rss_bytes
from bench.produce import fill
from bench.profile import Profiler, summarise
from bench.stack import BenchStack, ServiceProcess
from bench.workload import Workload

PREFIX = "replay."
CONSUMED = "bastion_events_consumed"


@dataclass
class Prefilled:
    """What is on the topics under ``prefix``."""

    prefix: str
    events: int
    mix: dict[str, int]
    fill_seconds: float
    branches: int
    members: int


async def prefill(stack: BenchStack, *, events: int, branches: int, members_per_branch: int) -> Prefilled:
    """The organisation's setup (org units, everyone registered), then its yearly mix up to ``events``."""
    workload = Workload(build_organisation(branches, members_per_branch))
    setup = list(workload.setup())
    messages = (*setup, *workload.stream(max(0, events - len(setup))))
    sent, seconds = await fill(stack.bootstrap_servers, PREFIX, messages)
    return Prefilled(PREFIX, sent, dict(workload.mix), seconds, branches, workload.org.member_count)


async def run_replay(
    stack: BenchStack,
    *,
    events: int,
    branches: int = 300,
    members_per_branch: int = 100,
    naive_seconds: float = 30.0,
    results: Path,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    say(f"Filling the topics with {events:,} events ({branches} branches of {members_per_branch}) ...")
    filled = await prefill(stack, events=events, branches=branches, members_per_branch=members_per_branch)
    say(f"  {filled.events:,} events on the topics in {filled.fill_seconds:.1f} s")
    say("Scoring reads them all (measurement 1, and its memory) ...")
    scoring_database = "bench_replay_scoring"
    ingest, scoring = await _scoring_ingest(
        stack, filled, scoring_database, results / "profile-scoring-ingest.txt", say
    )
    say(f"  {ingest['events_per_second']:,.0f} events/s")
    say("The ceiling reads them all ...")
    ceiling = await run_ceiling(stack, topic_prefix=PREFIX, events=filled.events, say=say)
    say(f"  {ceiling['events_per_second']:,.0f} events/s")
    say(f"The naive consumer reads for {naive_seconds:.0f} s ...")
    naive = await run_naive(stack, topic_prefix=PREFIX, seconds=naive_seconds, say=say)
    say(f"  {naive['events_per_second']:,.0f} events/s")
    say(f"bastion rebuild replays all {filled.events:,} (measurement 3) ...")
    rebuild = await _rebuild(stack, filled, scoring_database, say)
    scoring.stop()
    say(f"  caught up after {rebuild['replay_seconds']:.1f} s: {rebuild['events_per_second']:,.0f} events/s")
    workload = {
        "events": filled.events,
        "branches": filled.branches,
        "members": filled.members,
        "fill_seconds": round(filled.fill_seconds, 1),
        "mix": filled.mix,
    }
    return {"workload": workload, "ingest": ingest, "ceiling": ceiling, "naive": naive, "rebuild": rebuild}


async def _scoring_ingest(
    stack: BenchStack, filled: Prefilled, database: str, profile_path: Path, say: Callable[[str], None]
) -> tuple[dict[str, Any], ServiceProcess]:
    url = await stack.database(database, "scoring")
    scoring = stack.serve("scoring", database_url=url, topic_prefix=filled.prefix)
    cpu_before = scoring.cpu_seconds()
    profiler = Profiler(scoring.pid, profile_path.with_suffix(".raw"))
    profiler.start(seconds=20)
    progress = await until_counted(scoring, CONSUMED, filled.events, timeout=3600, say=say)
    cpu = scoring.cpu_seconds() - cpu_before
    profile = await asyncio.to_thread(_keep_profile, profiler, profile_path)
    # Left running: it is the live projection the rebuild is checked against.
    rate = progress.rate()
    figures = {
        "events": filled.events,
        "seconds": round(filled.events / rate, 1) if rate else None,
        "events_per_second": round(rate),
        "cpu_us_per_event": round(cpu / filled.events * 1e6, 1),
        "peak_rss_mb": round(scoring.peak_rss_bytes() / 2**20, 1),
        "profile": profile,
        "scoring_url": scoring.url,
        "database_url": url,
    }
    return figures, scoring


async def _rebuild(stack: BenchStack, filled: Prefilled, database: str, say: Callable[[str], None]) -> dict[str, Any]:
    """``bastion rebuild --no-switch`` against the live projection, as an operator runs it."""
    environment = {
        **os.environ,
        "SCORING_DATABASE_URL": stack.postgres.url_for(database),
        "SCORING_CONSUMER_ASSIGNMENT": "static",
        "KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": filled.prefix,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bastion.cli", "rebuild", "--no-switch",
        env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdout is not None  # noqa: S101 - piped above
    replay_seconds: float | None = None
    peak_rss = 0
    lines = []
    async for raw_line in process.stdout:
        line = raw_line.decode().rstrip()
        lines.append(line)
        peak_rss = max(peak_rss, _peak_rss_or_zero(process.pid))
        if line.startswith("Caught up after "):
            replay_seconds = float(line.removeprefix("Caught up after ").split()[0])
    code = await process.wait()
    total = time.perf_counter() - started
    if code != 0 or replay_seconds is None:
        raise RuntimeError("bastion rebuild failed:\n" + "\n".join(lines[-20:]))
    checked = next((line for line in lines if line.startswith("Checked:")), "")
    return {
        "events": filled.events,
        "replay_seconds": replay_seconds,
        "events_per_second": round(filled.events / replay_seconds),
        "total_seconds": round(total, 1),
        "peak_rss_mb": round(peak_rss / 2**20, 1),
        "check": checked,
        "command": "bastion rebuild --no-switch",
    }


def _keep_profile(profiler: Profiler, path: Path) -> str | None:
    """Wait for py-spy, keep its summary next to the results; the summary's file name."""
    raw = profiler.finish()
    if raw is None:
        return None
    path.write_text(summarise(raw))
    raw.unlink()
    return path.name


def _peak_rss_or_zero(pid: int) -> int:
    try:
        return peak_rss_bytes(pid)
    except (OSError, RuntimeError):
        return 0
