"""Roster's HTTP API, one router per area, and signing in."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from roster.entrypoints.api import committee, members, oidc, org_units, pipeline, records, service, statistics


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


def public_routers() -> Sequence[APIRouter]:
    """Signing in: nobody has credentials yet."""
    return [oidc.router]
