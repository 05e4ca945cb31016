"""What every handler needs besides its command: the unit of work, the clock and the service's settings.

One definition for every service: a service names its unit of work and settings
(``HandlerContext[ActivityUnitOfWork, ActivitySettings]``) and adds only what is its own (feedback's
statutory calendar, in a subclass). Handlers take "now" and "today" from here, never from the clock, so a
step entered later from paper is recorded as of when it really happened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Generic, Self, TypeVar

from bastion.clock import as_utc, local_day
from bastion.errors import RuleViolationError
from bastion.settings import ServiceSettings

# Covariant: a context is made once per request and only read.
UnitOfWork_co = TypeVar("UnitOfWork_co", covariant=True)
Settings_co = TypeVar("Settings_co", bound=ServiceSettings, covariant=True)


# Without slots: a service's context is this class specialised (``HandlerContext[RosterUnitOfWork, ...]``),
# and calling a specialisation of a frozen dataclass with slots fails on Python 3.11.
@dataclass(frozen=True)
class HandlerContext(Generic[UnitOfWork_co, Settings_co]):
    uow: UnitOfWork_co
    now: datetime
    today: date  # in the organisation's time zone
    settings: Settings_co

    def recorded_at(self, moment: datetime) -> Self:
        """This context as of when the step really happened (``moment``; without a zone, the organisation's
        local time), for what staff enter later from paper. Not in the future: that would be a guess."""
        happened = as_utc(moment, self.settings.timezone)
        if happened > self.now:
            raise RuleViolationError("recorded_at：不能晚于现在", code="date_in_future")
        return replace(self, now=happened, today=local_day(happened, self.settings.timezone))
