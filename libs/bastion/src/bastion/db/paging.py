"""One page of a list read straight from the tables, and how many rows match over all pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which page of a list a reader asked for (1-based) and how long a page is."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def paged(
    connection: AsyncConnection | AsyncSession, query: Select[Any], page: PageRequest
) -> tuple[list[Row[Any]], int]:
    """The rows of ``page`` of the (ordered) ``query``, and how many rows the query matches in all."""
    total = await connection.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = (await connection.execute(query.limit(page.page_size).offset(page.offset))).all()
    return list(rows), int(total or 0)
