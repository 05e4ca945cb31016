"""What every handler needs besides its command: the unit of work, the clock, the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings


@dataclass(frozen=True, slots=True)
class Context:
    uow: FeedbackUnitOfWork
    now: datetime
    today: date  # in the organisation's time zone
    settings: FeedbackSettings

    @property
    def respondent_key(self) -> bytes:
        return self.settings.respondent_hash_key.get_secret_value().encode()
