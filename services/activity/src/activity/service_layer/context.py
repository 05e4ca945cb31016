"""What every handler needs besides its command: the unit of work, the clock, the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from activity.service_layer.unit_of_work import ActivityUnitOfWork
from activity.settings import ActivitySettings


@dataclass(frozen=True, slots=True)
class Context:
    uow: ActivityUnitOfWork
    now: datetime
    today: date  # in the organisation's time zone
    settings: ActivitySettings
