"""What every handler needs besides its command: the unit of work, the clock, the settings, and the
statutory holiday arrangement that working days are counted in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from feedback.adapters.statutory_holidays import CHINA
from feedback.domain.working_days import StatutoryCalendar
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings


@dataclass(frozen=True, slots=True)
class Context:
    uow: FeedbackUnitOfWork
    now: datetime
    today: date  # in the organisation's time zone
    settings: FeedbackSettings
    statutory: StatutoryCalendar = CHINA

    @property
    def respondent_key(self) -> bytes:
        return self.settings.respondent_hash_key.get_secret_value().encode()
