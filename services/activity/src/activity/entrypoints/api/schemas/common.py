"""Shapes shared by every area: text, paging, event ids."""

from __future__ import annotations

import uuid
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field, StringConstraints

from bastion.http.shapes import NOT_BLANK

T = TypeVar("T")

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=100)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]

EventIds = Annotated[
    list[uuid.UUID],
    Field(description="Events this change recorded; pass them as `after` to scoring to read your own writes."),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int
