"""Signing in through the enterprise's identity provider (OpenID Connect). Not connected yet."""

from __future__ import annotations

from fastapi import APIRouter

from roster.settings import RosterSettings

router = APIRouter(prefix="/auth/oidc", tags=["signing in"])


def oidc_enabled(_settings: RosterSettings) -> bool:
    return False


def oidc_label(_settings: RosterSettings) -> str | None:
    return None
