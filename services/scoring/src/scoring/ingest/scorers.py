"""One scorer per event type: the function that says what an event of that type is worth (pure: no I/O).

A scorer gives both halves of an event's worth at once: its *fact key* (what it is about, so a newer
event about the same thing supersedes it in the ledger) with the moment that places it in a year, and
its entries under that year's rule set. Keeping them in one function means they cannot disagree, and
keeping the functions in a table keyed by payload class means a test can see which domain event types
no scorer handles.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from bastion.events.model import EventData
from scoring.rules import RuleBook
from scoring.rules.model import RuleSet

P = TypeVar("P", bound=EventData)


@dataclass(frozen=True, slots=True)
class Entry:
    member_id: uuid.UUID
    branch_id: uuid.UUID
    category: str
    rule: str
    delta: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class Scored:
    """What one event is worth: its fact key, when it counts, the rule set used, and the entries."""

    fact_key: str
    occurred_at: datetime
    year: int
    rule_set_version: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class EventContext:
    """What a scorer needs besides the payload: the event's id, the rule book, the organisation's time zone."""

    event_id: uuid.UUID
    rules: RuleBook
    timezone: str

    def noon(self, day: date) -> datetime:
        """The moment that stands for a day: its noon in the organisation's zone, well inside the day."""
        return datetime.combine(day, time(12), ZoneInfo(self.timezone))

    def scored(self, fact_key: str, moment: datetime, entries: Callable[[RuleSet], Iterable[Entry]]) -> Scored:
        """The event's worth: its entries under the rule set of the year (in the organisation's zone) of
        ``moment``."""
        year = moment.astimezone(ZoneInfo(self.timezone)).year
        rule_set = self.rules.for_year(year)
        return Scored(fact_key, moment, year, rule_set.version, tuple(entries(rule_set)))


Scorer = Callable[[P, EventContext], Scored | None]
"""What an event of payload class ``P`` is worth; None if this one never moves a member's score."""


class EventScorers:
    """The scorer of each payload class; an event of a class without one is worth nothing."""

    def __init__(self) -> None:
        self._scorers: dict[type[EventData], Callable[[EventData, EventContext], Scored | None]] = {}

    def register(self, model: type[P], scorer: Scorer[P]) -> None:
        if model in self._scorers:
            raise ValueError(f"{model.__name__} has a scorer already")

        def typed(payload: EventData, context: EventContext) -> Scored | None:
            # The table is keyed by the payload's own class, so this always holds; it lets mypy see it too.
            if not isinstance(payload, model):
                raise TypeError(f"{type(payload).__name__} is not {model.__name__}")
            return scorer(payload, context)

        self._scorers[model] = typed

    @property
    def handled(self) -> frozenset[type[EventData]]:
        return frozenset(self._scorers)

    def score(self, payload: EventData, context: EventContext) -> Scored | None:
        scorer = self._scorers.get(type(payload))
        return None if scorer is None else scorer(payload, context)
