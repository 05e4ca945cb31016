"""``bastion dead-letters``: list, show, redrive and skip a service's dead letters.

The command only records the operator's decision in the service's database; the running consumer
carries it out within seconds (it holds the handler), in order for each aggregate.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer import dead_letters
from bastion.consumer.dead_letters import OPEN, DeadLetter, State
from bastion.db import create_session_factory
from bastion.operator import on_service_database


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "dead-letters", help="list, show, redrive or skip the messages a service's consumers could not apply"
    )
    parser.add_argument("service")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="dead, parked and redrive-requested messages (all with --all)")
    listing.add_argument("--all", action="store_true", help="also the applied and skipped ones")
    listing.add_argument("--consumer")
    listing.add_argument("--limit", type=int, default=100)
    show = actions.add_parser("show", help="one message in full: reason, headers, the original event")
    show.add_argument("id", type=int)
    for name, meaning in (("redrive", "try it again (after a fix)"), ("skip", "never apply it")):
        action = actions.add_parser(name, help=f"{meaning}; the messages parked behind it follow, in order")
        action.add_argument("id", type=int)
        action.add_argument("--note", required=True, help="who decides and why (kept with the message)")
    parser.set_defaults(run=_command)


def _command(args: argparse.Namespace) -> int:
    return on_service_database(args.service, lambda spec, engine: _run(args, engine, spec.consumer_bookkeeping))


async def _run(
    args: argparse.Namespace, engine: AsyncEngine, bookkeeping: Callable[[AsyncEngine], Awaitable[AsyncEngine]] | None
) -> int:
    if bookkeeping is not None:
        engine = await bookkeeping(engine)
    async with create_session_factory(engine)() as session, session.begin():
        if args.action == "list":
            states: Sequence[State] = tuple(State) if args.all else OPEN
            found = await dead_letters.letters(session, consumer=args.consumer, states=states, limit=args.limit)
            print(_table(found))
        elif args.action == "show":
            print(_details(await dead_letters.letter(session, args.id)))
        else:
            state = State.REDRIVE if args.action == "redrive" else State.SKIPPED
            decided = await dead_letters.request(session, args.id, state, args.note)
            print(f"dead letter {decided.id}: {decided.state}; the consumer {decided.consumer} carries it out")
    return 0


def _table(found: list[DeadLetter]) -> str:
    if not found:
        return "no dead letters"
    rows = [("id", "state", "kind", "consumer", "where", "key", "type", "tries", "since", "reason")]
    rows += [
        (
            str(f.id),
            f.state.value,
            f.kind,
            f.consumer,
            f"{f.topic}[{f.partition}]@{f.offset}",
            f.message_key,
            f.event_type or "-",
            str(f.attempts),
            f.created_at.strftime("%Y-%m-%d %H:%M"),
            f.reason[:60],
        )
        for f in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)


def _details(found: DeadLetter) -> str:
    try:
        original: object = json.loads(found.value)
    except ValueError:
        original = found.value.decode("utf-8", errors="replace")
    return json.dumps(
        {
            "id": found.id,
            "consumer": found.consumer,
            "state": found.state.value,
            "kind": found.kind,
            "reason": found.reason,
            "attempts": found.attempts,
            "topic": found.topic,
            "partition": found.partition,
            "offset": found.offset,
            "key": found.message_key,
            "event_id": str(found.event_id) if found.event_id else None,
            "event_type": found.event_type,
            "created_at": found.created_at.isoformat(),
            "updated_at": found.updated_at.isoformat(),
            "published_at": found.published_at.isoformat() if found.published_at else None,
            "resolved_by": found.resolved_by,
            "headers": {name: value.decode("utf-8", errors="replace") for name, value in found.headers},
            "original": original,
        },
        ensure_ascii=False,
        indent=2,
    )
