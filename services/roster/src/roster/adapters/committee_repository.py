"""Branch committees (支委会): terms and seats."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class CommitteeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
