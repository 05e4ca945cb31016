"""Nothing lost, nothing counted twice: the producers' own databases against scoring's, event by event.

After a fault, every request the APIs accepted must be reflected in scoring exactly once. This module
reads, without going through any API:

- each producer's ``outbox`` (roster, activity, feedback): every event it committed, published or not;
- each producer's own tables where scoring keeps a corresponding fact (members, dues, activities,
  attendance, service records, learning hours, ratings, suggestions);
- scoring's live generation (``projection_generations``): its consumer's processed event ids, the
  ledger, and the fact tables.

and checks that

1. every accepted event id is in the outbox of the producer that answered it, once, and every outbox
   row is published;
2. every published event was processed by scoring, once, and scoring processed nothing else;
3. the ledger holds, for every published event, exactly the entries scoring's rules give it
   (``scoring.ingest.entries.score_event``), each once, and a reversal of each entry of every event
   a newer one superseded (same fact key, higher ``sequence``): no entry missing, none duplicated,
   none from an unknown event, reversals accounted;
4. scoring's facts have exactly the producers' rows, key by key (and the same current state where
   both keep one): ``f_attendance`` vs activity's attendance entries (one fact per activity and
   person, the latest entry's state), ``f_ratings`` vs feedback's ratings, and so on (``FACTS``).

The API (stable; other fault, soak and rebalance tests build on it)::

    databases = Databases.of({"roster": roster_settings, "activity": ..., "feedback": ..., "scoring": ...})
    result = await reconcile(databases, load.accepted_event_ids)          # one look, now
    result = await assert_reconciled(databases, load.accepted_event_ids, timeout=90)

- ``accepted`` is any iterable of event ids (str or UUID), or a mapping of service to such (then each
  service's ids are looked for in its own outbox), e.g. ``MixedLoad.accepted_event_ids``.
- ``reconcile`` returns a :class:`Reconciliation`: ``problems`` (one line each, naming the ids
  missing, duplicated or unknown, at most ``SHOWN`` of them), ``figures`` (counts, for the report)
  and ``ok``; ``str()`` of it is a readable report.
- ``assert_reconciled`` looks again every half second until nothing is wrong (the relays and scoring
  catch up after a fault) and fails the test with the last report if ``timeout`` passes first.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from activity.adapters import orm as activity_tables
from bastion.db import create_engine
from bastion.db.tables import consumer_processed_events, outbox
from bastion.events import CloudEvent
from bastion.settings import ServiceSettings
from bastion_contracts import REGISTRY
from feedback.adapters import orm as feedback_tables
from roster.adapters import orm as roster_tables
from scoring.adapters import orm as scoring_tables
from scoring.adapters.generations import for_generation
from scoring.generations import consumer_name
from scoring.ingest.entries import score_event
from scoring.rules import RuleBook, load_rule_sets

PRODUCERS = ("roster", "activity", "feedback")
TIMEZONE = "Asia/Shanghai"  # scoring's default organisation time zone: its years and rule sets
SHOWN = 10  # ids listed per problem

Rows = dict[Any, Any]  # a fact's key: its current state (None where only presence is compared)
Accepted = Iterable[str | uuid.UUID] | Mapping[str, Iterable[str | uuid.UUID]]  # event ids, or them by service


@dataclass(frozen=True, slots=True)
class Databases:
    """Where each service keeps its data (database URLs, as in the services' settings)."""

    roster: str
    activity: str
    feedback: str
    scoring: str

    @classmethod
    def of(cls, settings: Mapping[str, ServiceSettings]) -> Databases:
        urls = {service: settings[service].database_url for service in (*PRODUCERS, "scoring")}
        missing = [service for service, url in urls.items() if not url]
        if missing:
            raise ValueError(f"no database_url in the settings of {missing}")
        return cls(**{service: str(url) for service, url in urls.items()})


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """One row of a producer's outbox."""

    service: str
    envelope: CloudEvent
    published: bool


@dataclass
class Reconciliation:
    """What one look found: the problems (empty when all is well) and the figures behind them."""

    problems: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        figures = ", ".join(f"{name} {value}" for name, value in self.figures.items())
        if self.ok:
            return f"reconciled: {figures}"
        return "NOT reconciled:\n" + "\n".join(f"- {problem}" for problem in self.problems) + f"\n({figures})"


async def assert_reconciled(
    databases: Databases,
    accepted: Accepted,
    *,
    timeout: float = 90.0,
) -> Reconciliation:
    """Look until everything reconciles (relays and scoring catch up after a fault); fail with the last
    report after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = await reconcile(databases, accepted)
        if result.ok:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not reconciled within {timeout:.0f} s\n{result}")
        await asyncio.sleep(0.5)


async def reconcile(databases: Databases, accepted: Accepted) -> Reconciliation:
    """One look at every database; see the module docstring for what is checked."""
    engines = {service: create_engine(getattr(databases, service), pool_size=1) for service in (*PRODUCERS, "scoring")}
    try:
        events = [event for service in PRODUCERS for event in await _outbox(engines[service], service)]
        producer_facts = await _producer_facts(engines)
        scoring = await _scoring(engines["scoring"])
    finally:
        for engine in engines.values():
            await engine.dispose()
    result = Reconciliation()
    labels = {
        e.envelope.id: f"{e.envelope.id} ({e.service}: {e.envelope.type} of {e.envelope.subject})" for e in events
    }
    _check_outbox(result, _accepted_by_service(accepted), events, labels)
    published = {e.envelope.id: e for e in events if e.published}
    _check_processed(result, published, scoring.processed, labels)
    _check_ledger(result, [e.envelope for e in published.values()], scoring.ledger)
    _check_facts(result, producer_facts, scoring.facts)
    return result


# --- 1. accepted → outbox → published --------------------------------------------------------------


def _check_outbox(
    result: Reconciliation,
    accepted: Mapping[str | None, set[uuid.UUID]],
    events: list[OutboxEvent],
    labels: Mapping[uuid.UUID, str],
) -> None:
    written = Counter(e.envelope.id for e in events)
    unpublished = [e.envelope.id for e in events if not e.published]
    result.figures |= {
        "accepted": sum(len(ids) for ids in accepted.values()),
        "outbox": len(written),
        "unpublished": len(unpublished),
    }
    for service, ids in accepted.items():
        outbox_of = {e.envelope.id for e in events if service in (None, e.service)}
        _problem(result, f"accepted by {service or 'an API'} but not in its outbox", ids - outbox_of)
    _problem(result, "in an outbox twice", [i for i, n in written.items() if n > 1], labels)
    _problem(result, "in an outbox but not published", unpublished, labels)


# --- 2. published → processed by scoring, once ------------------------------------------------------


def _check_processed(
    result: Reconciliation,
    published: Mapping[uuid.UUID, OutboxEvent],
    processed: list[uuid.UUID],
    labels: Mapping[uuid.UUID, str],
) -> None:
    seen = Counter(processed)
    result.figures["processed"] = len(seen)
    _problem(result, "published but not processed by scoring", set(published) - set(seen), labels)
    _problem(result, "processed by scoring more than once", [i for i, n in seen.items() if n > 1], labels)
    _problem(result, "processed by scoring but written by no producer", set(seen) - set(published))


# --- 3. the ledger: each event's entries once, superseded events reversed ---------------------------

LedgerLine = tuple[str, str, uuid.UUID, uuid.UUID]  # (kind, rule, member, source event)


def expected_ledger(events: Iterable[CloudEvent], timezone: str = TIMEZONE) -> set[LedgerLine]:
    """The ledger lines scoring's rules give these events: every entry, and the reversal of each entry of
    an event that a newer event about the same thing (fact key, by ``sequence``) superseded."""
    rules = RuleBook(load_rule_sets())
    by_key: dict[str, list[tuple[int, uuid.UUID, list[tuple[str, uuid.UUID]]]]] = defaultdict(list)
    for envelope in events:
        scored = score_event(REGISTRY.parse(envelope), envelope.id, rules, timezone)
        if scored is not None:
            lines = [(entry.rule, entry.member_id) for entry in scored.entries]
            by_key[scored.fact_key].append((envelope.sequence, envelope.id, lines))
    expected: set[LedgerLine] = set()
    for scored_events in by_key.values():
        newest = max(sequence for sequence, _, _ in scored_events)
        for sequence, event_id, lines in scored_events:
            expected |= {("entry", rule, member, event_id) for rule, member in lines}
            if sequence < newest:
                expected |= {("reversal", rule, member, event_id) for rule, member in lines}
    return expected


def _check_ledger(result: Reconciliation, published: list[CloudEvent], ledger: list[LedgerLine]) -> None:
    lines = Counter(ledger)
    expected = expected_ledger(published)
    known = {envelope.id for envelope in published}
    result.figures |= {
        "ledger entries": sum(n for line, n in lines.items() if line[0] == "entry"),
        "ledger reversals": sum(n for line, n in lines.items() if line[0] == "reversal"),
    }
    _problem(
        result, "ledger lines posted twice (kind, rule, member, event)", [line for line, n in lines.items() if n > 1]
    )
    _problem(result, "ledger lines from events no producer wrote", {line for line in lines if line[3] not in known})
    _problem(result, "ledger lines the rules give but missing", expected - set(lines))
    _problem(result, "ledger lines the rules do not give", {line for line in set(lines) - expected if line[3] in known})


# --- 4. scoring's facts against the producers' own rows ---------------------------------------------


def _check_facts(result: Reconciliation, producers: Mapping[str, Rows], scoring: Mapping[str, Rows]) -> None:
    for name, theirs in producers.items():
        ours = scoring[name]
        result.figures[name] = len(ours)
        _problem(result, f"{name}: rows of the producer missing in scoring", set(theirs) - set(ours))
        _problem(result, f"{name}: rows in scoring the producer does not have", set(ours) - set(theirs))
        differ = [(key, theirs[key], ours[key]) for key in set(theirs) & set(ours) if theirs[key] != ours[key]]
        _problem(result, f"{name}: state differs (key, producer's, scoring's)", differ)


# --- reading the databases --------------------------------------------------------------------------


async def _outbox(engine: AsyncEngine, service: str) -> list[OutboxEvent]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(outbox.c.payload, outbox.c.published_at).order_by(outbox.c.id))
        return [OutboxEvent(service, CloudEvent.from_bytes(row.payload), row.published_at is not None) for row in rows]


async def _rows(connection: AsyncConnection, table: Table, *key: str, state: str | None = None) -> Rows:
    """``{key: state}`` of every row of ``table`` (key: one column or a tuple of them)."""
    columns = [table.c[name] for name in key] + ([table.c[state]] if state else [])
    found: Rows = {}
    for row in await connection.execute(select(*columns)):
        values = tuple(row)
        identity = values[: len(key)] if len(key) > 1 else values[0]
        found[identity] = values[-1] if state else None
    return found


async def _current_attendance(connection: AsyncConnection) -> Rows:
    """Activity's current attendance: the latest entry of each person at each activity."""
    entries = activity_tables.attendance_entries
    latest = (
        select(entries.c.activity_id, entries.c.member_id, entries.c.state)
        .ext(distinct_on(entries.c.activity_id, entries.c.member_id))
        .order_by(entries.c.activity_id, entries.c.member_id, entries.c.recorded_at.desc())
    )
    return {(row.activity_id, row.member_id): row.state for row in await connection.execute(latest)}


async def _producer_facts(engines: Mapping[str, AsyncEngine]) -> dict[str, Rows]:
    """The producers' rows that scoring keeps a fact of, named by scoring's fact table."""
    async with engines["roster"].connect() as roster:
        facts = {
            "f_units": await _rows(roster, roster_tables.org_units, "id"),
            "f_members": await _rows(roster, roster_tables.members, "id", state="status"),
            "f_dues": await _rows(roster, roster_tables.dues_payments, "member_id", "month"),
            "f_honours": await _rows(roster, roster_tables.honours, "id"),
        }
    async with engines["activity"].connect() as activity:
        facts |= {
            "f_activities": await _rows(activity, activity_tables.activities, "id", state="state"),
            "f_attendance": await _current_attendance(activity),
            "f_service_records": await _rows(activity, activity_tables.service_records, "id"),
            "f_learning": await _rows(activity, activity_tables.learning_hours, "id"),
        }
    async with engines["feedback"].connect() as feedback:
        facts |= {
            "f_ratings": await _rows(feedback, feedback_tables.ratings, "id"),
            "f_suggestions": await _rows(feedback, feedback_tables.suggestions, "id", state="state"),
        }
    return facts


@dataclass(frozen=True, slots=True)
class _Scoring:
    processed: list[uuid.UUID]
    ledger: list[LedgerLine]
    facts: dict[str, Rows]


async def _scoring(engine: AsyncEngine) -> _Scoring:
    """Scoring's live generation: processed ids, ledger lines, facts (keys as the producers name them)."""
    async with engine.connect() as connection:
        live = await connection.scalar(
            select(scoring_tables.generations.c.name).where(scoring_tables.generations.c.state == "live")
        )
    if live is None:
        return _Scoring([], [], {name: {} for name in FACTS})
    generation = for_generation(engine, str(live), kit_tables=True)
    processed = consumer_processed_events
    ledger = scoring_tables.ledger
    async with generation.connect() as connection:
        ids = await connection.scalars(
            select(processed.c.event_id).where(processed.c.consumer == consumer_name(str(live)))
        )
        lines = await connection.execute(
            select(ledger.c.kind, ledger.c.rule, ledger.c.member_id, ledger.c.source_event_id)
        )
        facts = {
            name: await _rows(connection, getattr(scoring_tables, name), *key, state=state)
            for name, (key, state) in FACTS.items()
        }
        return _Scoring(list(ids), [tuple(line) for line in lines], facts)


# scoring's fact table: (its key columns, its state column or None), matching _producer_facts.
FACTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "f_units": (("org_unit_id",), None),
    "f_members": (("member_id",), "status"),
    "f_dues": (("member_id", "month"), None),
    "f_honours": (("honour_id",), None),
    "f_activities": (("activity_id",), "state"),
    "f_attendance": (("activity_id", "member_id"), "state"),
    "f_service_records": (("record_id",), None),
    "f_learning": (("record_id",), None),
    "f_ratings": (("rating_id",), None),
    "f_suggestions": (("suggestion_id",), "state"),
}


# --- small helpers -----------------------------------------------------------------------------------


def _accepted_by_service(accepted: Accepted) -> dict[str | None, set[uuid.UUID]]:
    """Accepted event ids by the service that answered them (None: not said)."""
    if not isinstance(accepted, Mapping):
        return {None: {uuid.UUID(str(i)) for i in accepted}}
    return {service: {uuid.UUID(str(i)) for i in ids} for service, ids in accepted.items()}


def _problem(result: Reconciliation, what: str, found: Iterable[Any], labels: Mapping[Any, str] | None = None) -> None:
    """Record a problem listing (some of) ``found`` (with their labels), if there is any."""
    listed = sorted(found, key=str)
    if listed:
        shown = ", ".join((labels or {}).get(item, str(item)) for item in listed[:SHOWN])
        more = f" … and {len(listed) - SHOWN} more" if len(listed) > SHOWN else ""
        result.problems.append(f"{what}: {len(listed)}: {shown}{more}")
