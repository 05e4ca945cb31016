"""Paging of every list route: the ``page`` and ``page_size`` query parameters and the page answered."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from bastion.db.paging import PageRequest

T = TypeVar("T")


def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageRequest:
    return PageRequest(page, page_size)


PageDep = Annotated[PageRequest, Depends(page_request)]


# No docstring: the OpenAPI document would show it on every page type.
class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="How many match, over all pages.")
    page: int
    page_size: int
