"""Which events carry which snapshot: declared once, next to the events, by the contracts.

An event carries the state of what it is about as it is after the change (event-carried state), so a
subscriber keeps the newest snapshot per key instead of calling the producer back. The contracts say,
for each snapshot, the events that carry it, how to read it from one of them and whose it is; a service
only says which columns it keeps (``bastion.consumer.snapshots``).

"Newest" is the highest ``sequence``, and ``sequence`` numbers one key's events on one topic: compared
across topics an older event could win. So a snapshot is fed from one topic, and a declaration whose
events are published on two is refused here, when the contracts are imported.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bastion.events.model import EventData
from bastion.events.topics import Topic

P = TypeVar("P", bound=EventData)
S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class SnapshotSource(Generic[P, S]):
    """The events that carry a snapshot ``S``, how to read it from one (``read``) and its key.

    A record that is written once (a payment, an honour) is its own snapshot: ``read`` returns the event.
    """

    events: tuple[type[P], ...]
    read: Callable[[P], S]
    key: Callable[[S], Hashable]

    def __post_init__(self) -> None:
        topics = sorted({event.topic.name for event in self.events})
        if len(topics) != 1:
            types = [event.event_type for event in self.events]
            raise ValueError(f"a snapshot is fed from exactly one topic; {types} are on {topics or 'none'}")

    @property
    def topic(self) -> Topic:
        return self.events[0].topic

    def carried_by(self, payload: EventData) -> S | None:
        """The snapshot this payload carries, or None if it carries none."""
        return self.read(payload) if isinstance(payload, self.events) else None
