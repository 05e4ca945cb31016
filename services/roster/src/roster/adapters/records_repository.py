"""Dues payments, honours and disciplinary records."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class RecordsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
