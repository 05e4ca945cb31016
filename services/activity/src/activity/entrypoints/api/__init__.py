"""Activity's HTTP API, one router per area."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from activity.entrypoints.api import activities


def routers() -> Sequence[APIRouter]:
    from activity.entrypoints.api import appraisal, attendance, compliance, service_work

    return [activities.router, attendance.router, appraisal.router, service_work.router, compliance.router]
