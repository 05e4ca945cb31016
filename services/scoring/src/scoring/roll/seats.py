"""Who sat on a branch committee (支委会) on a day (pure), from the seats assigned and vacated.

Per role and person, the latest assignment or vacancy on or before the day (by day, then by the order
roster recorded them) says whether the seat was held: a new term that vacates a seat and fills it again
the same day leaves it held, a seat assigned with an earlier day than a later vacancy is held until then.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class SeatChange:
    role: str
    member_id: uuid.UUID
    day: date
    sequence: int
    held: bool  # True: assigned that day; False: vacated


def seats_held(changes: Iterable[SeatChange], day: date) -> tuple[tuple[str, uuid.UUID], ...]:
    """The (role, member) seats held on ``day``, in the order they were assigned."""
    latest: dict[tuple[str, uuid.UUID], SeatChange] = {}
    for change in sorted(changes, key=lambda c: (c.day, c.sequence, c.held)):
        if change.day <= day:
            latest[(change.role, change.member_id)] = change
    held = sorted((c for c in latest.values() if c.held), key=lambda c: (c.day, c.sequence, c.role))
    return tuple((c.role, c.member_id) for c in held)
