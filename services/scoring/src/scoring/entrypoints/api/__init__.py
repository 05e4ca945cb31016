"""Scoring's read API."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from scoring.entrypoints.api import branches


def routers() -> Sequence[APIRouter]:
    return [branches.router]
