"""Kafka topics as values: name, partitions and retention, declared once in the contracts."""

from __future__ import annotations

from dataclasses import dataclass

KEEP_FOREVER = -1


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of events, keyed by aggregate id so one aggregate's events stay in order.

    Domain topics keep their events forever (``retention_ms=-1``): projections are rebuilt
    by replaying them from the beginning.
    """

    name: str
    partitions: int = 6
    retention_ms: int = KEEP_FOREVER
    description: str = ""

    def qualified(self, prefix: str) -> str:
        """The name on the broker: the deployment's prefix (often empty) and the name."""
        return f"{prefix}{self.name}"
