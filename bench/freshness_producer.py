"""The producing side of the freshness benchmark, in its own process: the kit's outbox and relay at a fixed rate.

A paced writer commits one transaction every ``TICK`` seconds on an absolute schedule (lag never drifts the
rate: a late writer commits back to back until it is on time again), each holding the events due by then,
written with ``append_to_outbox`` as every producing service writes them; the kit's ``OutboxRelay`` in the
same process (as in a service) wakes on NOTIFY and publishes them. After a warm-up, every ``sample_every``-th
transaction is announced on stdout right after COMMIT returned::

    S <wall-clock seconds> <event id>,<event id>,...
    DONE {"events": ..., ...}

Run: ``python -m bench.freshness_producer --database-url ... --bootstrap-servers ... --rate 1000 --seconds 20``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from activity.settings import ActivitySettings
from bastion.db import create_engine, create_session_factory
from bastion.db.tables import outbox, outbox_topic_sequences
from bastion.events.envelope import CloudEvent
from bastion.events.model import EventData
from bastion.metrics import BastionMetrics
from bastion.outbox.relay import OutboxRelay
from bastion.outbox.writer import PendingEvent, append_to_outbox
from bastion_contracts import DOMAIN_TOPICS, REGISTRY
from bench.organisation import build_organisation
from bench.workload import Workload

TICK = 0.01


def payloads(
    branches: int, members: int, seed: int, count: int, seconds: float
) -> tuple[list[EventData], Counter[tuple[str, str]]]:
    """``count`` payloads of the workload's mix, timed from now over ``seconds``; and the setup's sequences."""
    workload = Workload(build_organisation(branches, members), seed=seed, start=datetime.now(UTC))
    setup = Counter((message.topic, message.key.decode()) for message in workload.setup())
    stream = workload.stream(count, span=timedelta(seconds=seconds))
    return [REGISTRY.parse(CloudEvent.from_bytes(message.value)) for message in stream], setup


async def produce(args: argparse.Namespace) -> None:
    total = round(args.rate * (args.warmup + args.seconds))
    events, setup = payloads(args.branches, args.members, args.seed, total, args.warmup + args.seconds)
    settings = ActivitySettings(
        database_url=args.database_url,
        kafka_bootstrap_servers=args.bootstrap_servers,
        kafka_topic_prefix=args.topic_prefix,
    )
    engine = create_engine(args.database_url, pool_size=2, application_name="bench-fresh-producer")
    sessions = create_session_factory(engine)
    # The setup events went to the topics directly: continue their keys' sequences, as their producer would.
    rows = [{"topic": topic, "subject": subject, "last_sequence": n} for (topic, subject), n in setup.items()]
    counters = outbox_topic_sequences
    async with engine.begin() as connection:
        for chunk in range(0, len(rows), 5_000):
            values = pg_insert(counters).values(rows[chunk : chunk + 5_000])
            await connection.execute(
                values.on_conflict_do_update(
                    index_elements=[counters.c.topic, counters.c.subject],
                    set_={"last_sequence": func.greatest(counters.c.last_sequence, values.excluded.last_sequence)},
                )
            )
    relay = OutboxRelay(
        engine=engine, settings=settings, topics=DOMAIN_TOPICS, metrics=BastionMetrics(CollectorRegistry())
    )
    relay_task = asyncio.create_task(relay.run())
    await asyncio.sleep(2.0)  # the relay's producer connects and its topics are checked
    print("READY", flush=True)

    ticks = round((args.warmup + args.seconds) / TICK)
    warmup_ticks = round(args.warmup / TICK)
    start = time.perf_counter() + 0.05
    written = 0
    late: list[float] = []
    for tick in range(1, ticks + 1):
        due = start + tick * TICK
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        upto = round(total * tick / ticks)
        batch = [PendingEvent(payload) for payload in events[written:upto]]
        written = upto
        if not batch:
            continue
        async with sessions() as session:
            await append_to_outbox(session, batch)
            await session.commit()
        committed = time.time()
        if tick > warmup_ticks:
            late.append(time.perf_counter() - due)  # the transaction's own time, plus any lag
            if (tick - warmup_ticks) % args.sample_every == 0:
                print("S", f"{committed:.6f}", ",".join(str(event.event_id) for event in batch), flush=True)
    finished = time.perf_counter()
    elapsed = finished - (start + warmup_ticks * TICK)  # the measured period, to the last commit
    measured_events = total - round(total * warmup_ticks / ticks)
    drained_after = await drained(engine, timeout=60.0, since=finished)
    relay.stop()
    await asyncio.wait_for(relay_task, 30)
    await engine.dispose()
    late.sort()
    report = {
        "events": measured_events,
        "warmup_events": total - measured_events,
        "seconds": round(elapsed, 3),
        "achieved_rate": round(measured_events / elapsed, 1),
        "kept_up": measured_events / elapsed >= 0.98 * args.rate,
        "commit_after_due_ms_p50": round(late[len(late) // 2] * 1000, 1) if late else None,
        "commit_after_due_ms_p99": round(late[int(len(late) * 0.99)] * 1000, 1) if late else None,
        "commit_after_due_ms_max": round(late[-1] * 1000, 1) if late else None,
        "relay_drained_after_s": drained_after,
        "published": relay.published_count,
    }
    print("DONE", json.dumps(report), flush=True)


async def drained(engine: AsyncEngine, *, timeout: float, since: float) -> float | None:
    """Seconds from ``since`` until the outbox had nothing pending (None if not within ``timeout``)."""
    while time.perf_counter() - since < timeout:
        async with engine.connect() as connection:
            pending = await connection.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            )
        if not pending:
            return round(time.perf_counter() - since, 3)
        await asyncio.sleep(0.05)
    return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic-prefix", default="fresh.")
    parser.add_argument("--rate", type=int, required=True, help="events per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured period")
    parser.add_argument("--warmup", type=float, default=2.0, help="paced but not sampled, before the period")
    parser.add_argument("--sample-every", type=int, default=5, help="announce every n-th transaction")
    parser.add_argument("--branches", type=int, required=True)
    parser.add_argument("--members", type=int, required=True, help="per branch")
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(produce(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
