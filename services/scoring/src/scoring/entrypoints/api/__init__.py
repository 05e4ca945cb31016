"""Scoring's read API, one router per area."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter


def routers() -> Sequence[APIRouter]:
    from scoring.entrypoints.api import assessment, branches, rule_sets, scorecards

    return [branches.router, rule_sets.router, scorecards.router, assessment.router]
