"""Keeping the newest snapshot per key in a service's table: the service says only which columns.

The contracts declare which events carry a snapshot (``bastion.events.snapshots.SnapshotSource``); a
service pairs one with its table and a row for one snapshot (:class:`KeptSnapshot`), and its consumer's
handler calls :func:`keep_latest`. The same events in any order leave the same rows (``upsert_newer``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer.facts import upsert_newer
from bastion.consumer.spec import ReceivedEvent
from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic

P = TypeVar("P", bound=EventData)
S = TypeVar("S")

Row = Mapping[str, object]
# The columns an event says, when it says only part of the fact; None when it says all of it.
Columns = tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class KeptSnapshot(Generic[P, S]):
    """A snapshot a service keeps: its table and the row for one snapshot (``sequence`` is added here).

    ``partial`` names the columns a snapshot that says only part of the fact may write (a closing that
    says nothing of the holders); the row's other values are used only when the key is new.
    """

    source: SnapshotSource[P, S]
    table: Table
    row: Callable[[S], Row]
    partial: Callable[[S], Columns] | None = None

    @property
    def topic(self) -> Topic:
        return self.source.topic

    @property
    def events(self) -> tuple[type[EventData], ...]:
        return self.source.events

    def rows(self, events: Iterable[ReceivedEvent]) -> dict[Columns, list[Row]]:
        """The newest snapshot of each key in ``events`` as rows, by the columns they may write."""
        source = self.source
        newest: dict[Hashable, tuple[int, S]] = {}
        for event in events:
            snapshot = source.carried_by(event.payload)
            if snapshot is None:
                continue
            key, sequence = source.key(snapshot), event.envelope.sequence
            known = newest.get(key)
            if known is None or known[0] < sequence:
                newest[key] = (sequence, snapshot)
        rows: dict[Columns, list[Row]] = {}
        for sequence, snapshot in newest.values():
            columns = self.partial(snapshot) if self.partial else None
            rows.setdefault(columns, []).append({**self.row(snapshot), "sequence": sequence})
        return rows

    async def keep(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        """Write the newest snapshots of ``events`` where they are newer than the stored ones."""
        rows = self.rows(events)
        # Whole rows first, then partial ones in a fixed order: every writer takes its locks in one order.
        for columns in sorted(rows, key=lambda only: (only is not None, only or ())):
            await upsert_newer(session, self.table, rows[columns], only=columns)


class Keeping(Protocol):
    """Any kept snapshot, whatever its types (what a service's list of them holds)."""

    @property
    def table(self) -> Table: ...
    @property
    def topic(self) -> Topic: ...
    @property
    def events(self) -> tuple[type[EventData], ...]: ...
    async def keep(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None: ...


async def keep_latest(session: AsyncSession, kept: Iterable[Keeping], events: Sequence[ReceivedEvent]) -> None:
    """Keep the newest snapshots of a batch in each of ``kept``'s tables."""
    for snapshot in kept:
        await snapshot.keep(session, events)
