"""What a command handler gives back to the route that called it, and the branch check a route hands it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """What a handler did, and the ids of the events it recorded (for read-your-writes)."""

    value: T
    event_ids: list[uuid.UUID]


# Raises (a 403) unless the caller may act on what belongs to this branch. A route builds it from who is
# calling; the handler calls it on what it loads, inside its own unit of work, so the object is loaded once
# and checked as the handler sees it.
BranchCheck = Callable[[uuid.UUID], None]


def any_branch(branch_id: uuid.UUID) -> None:
    """No check: for callers who act on every branch (the service itself, tests of the rules)."""
