"""Roster's HTTP API, one router per resource."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from roster.entrypoints.api import members


def routers() -> Sequence[APIRouter]:
    return [members.router]
