"""Roster's HTTP API, one router per area."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from roster.entrypoints.api import committee, members, org_units, pipeline, records, service, statistics


def routers() -> Sequence[APIRouter]:
    return [
        org_units.router,
        members.router,
        pipeline.router,
        records.router,
        statistics.router,
        committee.router,
        committee.terms_router,
        service.router,
    ]
