"""Roster's HTTP API, one router per area."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from roster.entrypoints.api import members, org_units, pipeline


def routers() -> Sequence[APIRouter]:
    return [org_units.router, members.router, pipeline.router]
