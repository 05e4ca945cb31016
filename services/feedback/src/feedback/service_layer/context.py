"""What every handler needs besides its command: the kit's handler context on feedback's unit of work, and
the statutory holiday arrangement that working days are counted in."""

from __future__ import annotations

from dataclasses import dataclass

from bastion.service_layer import HandlerContext
from feedback.adapters.statutory_holidays import CHINA
from feedback.domain.working_days import StatutoryCalendar
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings


@dataclass(frozen=True)
class Context(HandlerContext[FeedbackUnitOfWork, FeedbackSettings]):
    statutory: StatutoryCalendar = CHINA

    @property
    def respondent_key(self) -> bytes:
        return self.settings.respondent_hash_key.get_secret_value().encode()
