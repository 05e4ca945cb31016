"""What every handler needs besides its command: the unit of work and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from roster.service_layer.unit_of_work import RosterUnitOfWork


@dataclass(frozen=True, slots=True)
class Context:
    uow: RosterUnitOfWork
    now: datetime
    today: date  # in the organisation's time zone
