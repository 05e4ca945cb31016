"""Served departments, service posts and reserve talents."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class ServiceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
