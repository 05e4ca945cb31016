"""Activity's entry points: the HTTP API."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter


def routers() -> Sequence[APIRouter]:
    return []
