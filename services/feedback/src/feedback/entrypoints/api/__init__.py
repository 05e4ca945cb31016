"""Feedback's HTTP API, one router per area, and the public pages."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from feedback.entrypoints.api import calendar, public_channel, ratings, suggestions
from feedback.entrypoints.public import pages


def routers() -> Sequence[APIRouter]:
    return [ratings.router, suggestions.router, calendar.router, public_channel.router]


def public_routers() -> Sequence[APIRouter]:
    """The mobile pages people reach by a branch's code, without signing in."""
    return [pages.router]
