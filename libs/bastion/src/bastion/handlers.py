"""What a command handler gives back to the route that called it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """What a handler did, and the ids of the events it recorded (for read-your-writes)."""

    value: T
    event_ids: list[uuid.UUID]
