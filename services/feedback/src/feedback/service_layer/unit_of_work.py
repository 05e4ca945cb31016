"""Feedback's unit of work: the kit's transaction and outbox, plus feedback's repositories."""

from __future__ import annotations

from typing import Self

from bastion.outbox import UnitOfWork
from feedback.adapters.public_repository import PublicRepository
from feedback.adapters.ratings_repository import RatingsRepository
from feedback.adapters.suggestions_repository import SuggestionsRepository


class FeedbackUnitOfWork(UnitOfWork):
    ratings: RatingsRepository
    suggestions: SuggestionsRepository
    public: PublicRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.ratings = RatingsRepository(self.session)
        self.suggestions = SuggestionsRepository(self.session)
        self.public = PublicRepository(self.session)
        return self
