"""Roster's HTTP API, one router per area."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from roster.entrypoints.api import (
    accounts,
    auth,
    committee,
    members,
    oidc,
    org_units,
    pipeline,
    records,
    service,
    statistics,
)


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
        accounts.router,
        accounts.officers_router,
        auth.me_router,
    ]


def public_routers() -> Sequence[APIRouter]:
    """Signing in: before a person has a token."""
    return [auth.router, oidc.router]
