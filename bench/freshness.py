"""Measurement 2, freshness: from a producer's COMMIT to the effect visible in scoring's read API, at fixed
rates; and measurement 5, scoring's peak RSS meanwhile.

- Scoring is a real ``bastion serve scoring`` on a fresh database, loaded with the organisation's setup
  events (straight to the topics) before anything is measured.
- The producer (``bench.freshness_producer``, its own process) commits paced transactions with the kit's
  ``append_to_outbox`` into a migrated service database, and runs the kit's ``OutboxRelay`` that publishes
  them, as every producing service does.
- For a sample of those transactions (20 a second), as soon as the producer announces the commit, a read of
  ``/branches/{id}/member-count?after=<the commit's event ids>`` waits until scoring applied them all;
  freshness = when its answer arrived - when COMMIT returned (one wall clock, one machine). An answer with
  ``includes_requested_events: false`` is a timeout, counted and reported, never dropped.
- The read's server-side wait polls every 20 ms, so an answer comes 0-20 ms (about 10 ms on average) after
  the apply committed. Timestamps PostgreSQL stamps on the way (the relay's and the consumer's transaction
  starts) split each sample into stages.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

from bench.observe import histogram_totals, until_counted
from bench.organisation import build_organisation
from bench.proc import cpu_seconds
from bench.produce import create_topics, fill
from bench.stack import BenchStack, ServiceProcess
from bench.workload import Workload

PREFIX = "fresh."
READ_WAIT_SECONDS = 10.0  # the read's bound (scoring's default is 2 s): slow answers are measured, not censored
SAMPLES_PER_SECOND = 20
TICKS_PER_SECOND = 100  # the producer's transactions per second (bench.freshness_producer.TICK)
REPO = Path(__file__).resolve().parents[1]
BATCH_SECONDS = "bastion_event_batch_processing_seconds"  # scoring's consumer batches: how many, how long


@dataclass(frozen=True)
class Sample:
    committed: float  # wall clock, right after COMMIT returned in the producer
    answered: float  # wall clock, when the read's answer arrived
    included: bool
    event_ids: tuple[str, ...]

    @property
    def ms(self) -> float:
        return (self.answered - self.committed) * 1000


async def run_freshness(
    stack: BenchStack,
    *,
    rates: Sequence[int] = (100, 1000, 5000),
    seconds: float = 20.0,
    say: Callable[[str], None] = print,
    fetch_max_wait_ms: int | None = None,
    branches: int = 200,
    members_per_branch: int = 100,
    samples_per_second: int = SAMPLES_PER_SECOND,
) -> dict[str, object]:
    """Freshness p50/p99/max and scoring's peak RSS and CPU at each rate, against one scoring instance."""
    await create_topics(stack.bootstrap_servers, PREFIX)
    scoring_url = await stack.database("bench_fresh_scoring", "scoring")
    producer_url = await stack.database("bench_fresh_producer", "activity")
    env = {"SCORING_READ_WAIT_MAX_SECONDS": str(READ_WAIT_SECONDS)}
    if fetch_max_wait_ms is not None:
        env["SCORING_CONSUMER_FETCH_MAX_WAIT_MS"] = str(fetch_max_wait_ms)
    scoring = stack.serve("scoring", database_url=scoring_url, topic_prefix=PREFIX, env=env)
    try:
        organisation = build_organisation(branches, members_per_branch)
        sent, _ = await fill(stack.bootstrap_servers, PREFIX, Workload(organisation).setup())
        say(f"  freshness: {sent:,} setup events published; waiting for scoring to apply them")
        await until_counted(scoring, "bastion_events_consumed", sent, timeout=max(120.0, sent / 200), say=say)
        reader = Reader(scoring, stack.token(), str(organisation.branches[0].branch_id))
        per_rate: dict[str, object] = {}
        for number, rate in enumerate(rates, 1):
            say(f"  freshness at {rate:,} events/s for {seconds:.0f} s")
            result = await _one_rate(
                reader, stack, producer_url, rate, seconds, seed=number, branches=branches,
                members=members_per_branch, samples_per_second=samples_per_second,
            )  # fmt: skip
            result["stages_ms"] = await _stages(producer_url, scoring_url, reader.samples)
            reader.samples.clear()
            reader.errors.clear()
            per_rate[str(rate)] = result
            say(f"    {_summary(result)}")
    finally:
        scoring.stop()
    return {
        "organisation": {"branches": branches, "members": branches * members_per_branch, "setup_events": sent},
        "consumer_fetch_max_wait_ms": fetch_max_wait_ms or "default (100)",
        "read_wait_bound_s": READ_WAIT_SECONDS,
        "read_poll_ms": 20,
        "samples_per_second": samples_per_second,
        "rates": per_rate,
    }


class Reader:
    """Reads scoring's API with ``after=``: one request per announced commit, concurrent."""

    def __init__(self, scoring: ServiceProcess, token: str, branch_id: str) -> None:
        self.scoring = scoring
        self.url = f"{scoring.url}/branches/{branch_id}/member-count"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.samples: list[Sample] = []
        self.errors: list[str] = []

    async def sample(self, client: httpx.AsyncClient, committed: float, event_ids: tuple[str, ...]) -> None:
        try:
            response = await client.get(self.url, params=[("after", i) for i in event_ids], headers=self.headers)
            answered = time.time()
            response.raise_for_status()
            included = bool(response.json()["includes_requested_events"])
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            self.errors.append(repr(exc))
            return
        self.samples.append(Sample(committed, answered, included, event_ids))


async def _one_rate(
    reader: Reader, stack: BenchStack, producer_url: str, rate: int, seconds: float, *, seed: int, branches: int,
    members: int, samples_per_second: int,
) -> dict[str, object]:  # fmt: skip
    sample_every = max(1, TICKS_PER_SECOND // samples_per_second)
    log_path = stack.logs / f"freshness-producer-{rate}.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *_producer_command(stack, producer_url, rate, seconds, sample_every, seed, branches, members),
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))},
            stdout=asyncio.subprocess.PIPE,
            stderr=log,
        )
        if process.stdout is None:
            raise RuntimeError("no pipe from the producer")
        pending: list[asyncio.Task[None]] = []
        report: dict[str, object] = {}
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
        async with httpx.AsyncClient(timeout=READ_WAIT_SECONDS + 10, limits=limits) as client:
            cpu_before, wall_before, batches_before, producer_cpu_before = 0.0, 0.0, (0.0, 0.0), 0.0
            async for raw in process.stdout:
                line = raw.decode().split()
                if not line:
                    continue
                if line[0] == "READY":
                    cpu_before, wall_before = cpu_seconds(reader.scoring.pid), time.monotonic()
                    producer_cpu_before = cpu_seconds(process.pid)
                    batches_before = await histogram_totals(client, reader.scoring.url, BATCH_SECONDS)
                elif line[0] == "S":
                    ids = tuple(line[2].split(","))
                    pending.append(asyncio.create_task(reader.sample(client, float(line[1]), ids)))
                elif line[0] == "DONE":
                    report = json.loads(raw.decode()[len("DONE") :])
                    cpu = cpu_seconds(reader.scoring.pid) - cpu_before
                    wall = time.monotonic() - wall_before
                    report["scoring_cpu_percent"] = round(100 * cpu / wall, 1)
                    report["producer_cpu_percent"] = round(
                        100 * (cpu_seconds(process.pid) - producer_cpu_before) / wall, 1
                    )
                    count, total = await histogram_totals(client, reader.scoring.url, BATCH_SECONDS)
                    count, total = count - batches_before[0], total - batches_before[1]
                    report["consumer_batches"] = int(count)
                    report["consumer_batch_apply_ms_mean"] = round(1000 * total / count, 1) if count else None
            await asyncio.gather(*pending)
        if await process.wait() != 0 or not report:
            raise RuntimeError(f"the freshness producer failed; see {log_path}")
    return {**report, **_freshness(reader), "scoring_peak_rss_mb": round(reader.scoring.peak_rss_bytes() / 2**20, 1)}


def _producer_command(
    stack: BenchStack, url: str, rate: int, seconds: float, sample_every: int, seed: int, branches: int, members: int
) -> list[str]:
    options = {
        "--database-url": url,
        "--bootstrap-servers": stack.bootstrap_servers,
        "--topic-prefix": PREFIX,
        "--rate": rate,
        "--seconds": seconds,
        "--sample-every": sample_every,
        "--branches": branches,
        "--members": members,
        "--seed": seed,
    }
    return [sys.executable, "-m", "bench.freshness_producer", *(str(x) for pair in options.items() for x in pair)]


def _freshness(reader: Reader) -> dict[str, object]:
    found = sorted(sample.ms for sample in reader.samples)
    timeouts = sum(not sample.included for sample in reader.samples)
    late = [t for t in found if t > 100]
    return {
        "samples": len(found),
        "timeouts": timeouts,
        "errors": reader.errors[:5],
        "error_count": len(reader.errors),
        "p50_ms": _pct(found, 0.50),
        "p99_ms": _pct(found, 0.99),
        "max_ms": round(found[-1], 1) if found else None,
        "over_100_ms": len(late),
    }


def _pct(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile of sorted ``values``."""
    if not values:
        return None
    return round(values[min(len(values) - 1, max(0, int(q * len(values) + 0.999999) - 1))], 1)


async def _stages(producer_url: str, scoring_url: str, samples: Sequence[Sample]) -> dict[str, object]:
    """Split each sample by what PostgreSQL stamped: the relay's transaction start (``outbox.published_at``)
    and the consumer's batch transaction start (``consumer_processed_events.processed_at``); the last event of
    the commit counts. Samples that timed out are left out here (they are counted in ``timeouts``)."""
    ids = [i for sample in samples for i in sample.event_ids]
    producer = await asyncpg.connect(producer_url)
    try:
        relayed = dict(
            await producer.fetch(
                "SELECT event_id::text, extract(epoch FROM published_at)::float8 FROM outbox "
                "WHERE event_id = ANY($1::uuid[])",
                ids,
            )
        )
    finally:
        await producer.close()
    scoring = await asyncpg.connect(scoring_url)
    try:
        live = await scoring.fetchval("SELECT name FROM projection_generations WHERE state = 'live'")
        await scoring.execute("SELECT set_config('search_path', $1, false)", live)  # the generation's kit tables
        claimed = dict(
            await scoring.fetch(
                "SELECT event_id::text, extract(epoch FROM processed_at)::float8 FROM consumer_processed_events "
                "WHERE event_id = ANY($1::uuid[])",
                ids,
            )
        )
    finally:
        await scoring.close()
    stages: dict[str, list[float]] = {"commit_to_relay": [], "relay_to_consumer_batch": [], "batch_to_answer": []}
    for sample in samples:
        if not sample.included:
            continue  # answered at the bound, before it was applied: no stage to split
        relay = [relayed[i] for i in sample.event_ids if relayed.get(i) is not None]
        batch = [claimed[i] for i in sample.event_ids if i in claimed]
        if len(relay) != len(sample.event_ids) or len(batch) != len(sample.event_ids):
            continue
        stages["commit_to_relay"].append((max(relay) - sample.committed) * 1000)
        stages["relay_to_consumer_batch"].append((max(batch) - max(relay)) * 1000)
        stages["batch_to_answer"].append((sample.answered - max(batch)) * 1000)
    return {name: {"p50": _pct(sorted(v), 0.5), "p99": _pct(sorted(v), 0.99)} for name, v in stages.items()}


def _summary(result: dict[str, object]) -> str:
    keys = ("achieved_rate", "samples", "p50_ms", "p99_ms", "max_ms", "timeouts", "scoring_cpu_percent",
            "scoring_peak_rss_mb", "kept_up", "commit_after_due_ms_p99")  # fmt: skip
    return ", ".join(f"{key}={result.get(key)}" for key in keys)
