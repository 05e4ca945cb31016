"""``bastion outbox``: how a service's outbox stands, and publishing again what a broker lost.

The outbox keeps published rows for ``OUTBOX_RETENTION_HOURS``. When a broker loses messages it had
acknowledged (the embedded broker keeps them in memory only, so a restart loses them all; a Kafka cluster
can lose them in a disaster), ``republish --since`` puts the rows published since then back in the queue:
the running relay publishes them again, in their original order, and consumers skip what they already
applied (they de-duplicate by event id). Run it while the broker is still away, or before new events are
published, so that an aggregate's older events go out before its newer ones.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db.tables import outbox
from bastion.errors import BastionError
from bastion.operator import on_service_database
from bastion.outbox.writer import NOTIFY_CHANNEL


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("outbox", help="a service's outbox: its backlog, or publish again what a broker lost")
    parser.add_argument("service")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("status", help="pending events, the oldest pending, published rows kept since when")
    again = actions.add_parser("republish", help="publish again every event published since a time")
    again.add_argument(
        "--since", required=True, type=_moment, help="ISO 8601 time with its offset, e.g. 2026-11-28T08:00:00+08:00"
    )
    parser.set_defaults(run=_command)


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give the time's offset (e.g. +08:00 or Z): {value!r}")
    return moment


def _command(args: argparse.Namespace) -> int:
    if args.action == "status":
        return on_service_database(args.service, lambda _spec, engine: _status(engine))
    return on_service_database(args.service, lambda _spec, engine: _republish(engine, args.since))


async def _status(engine: AsyncEngine) -> int:
    pending = outbox.c.published_at.is_(None)
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(
                    func.count().filter(pending),
                    func.min(outbox.c.created_at).filter(pending),
                    func.count().filter(~pending),
                    func.min(outbox.c.published_at),
                    func.max(outbox.c.published_at),
                )
            )
        ).one()
    count, oldest, published, kept_since, last = row
    print(f"pending: {count}" + (f" (oldest written {oldest.isoformat()})" if oldest else ""))
    print(
        f"published and kept: {published}"
        + (f" (published from {kept_since.isoformat()} to {last.isoformat()})" if kept_since else "")
    )
    return 0


async def republish(engine: AsyncEngine, since: datetime) -> int:
    """Put every row published at or after ``since`` back in the relay's queue; how many."""
    if since > datetime.now(UTC):
        raise BastionError(f"--since {since.isoformat()} is in the future")
    async with engine.begin() as connection:
        result = await connection.execute(
            update(outbox).where(outbox.c.published_at >= since).values(published_at=None)
        )
        await connection.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return int(result.rowcount or 0)


async def _republish(engine: AsyncEngine, since: datetime) -> int:
    count = await republish(engine, since)
    async with engine.connect() as connection:
        kept_since = await connection.scalar(select(func.min(outbox.c.created_at)))
    print(f"{count} events published since {since.isoformat()} are queued again; the relay publishes them")
    if kept_since is not None and kept_since > since:
        print(f"note: nothing older than {kept_since.isoformat()} is kept (OUTBOX_RETENTION_HOURS)")
    return 0
