"""Roster's settings: the kit's, read with the ``ROSTER_`` prefix, and signing in (roster keeps accounts)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from pydantic import Field

from bastion.settings import ServiceSettings, settings_config


class RosterSettings(ServiceSettings):
    service_name: ClassVar[str] = "roster"
    default_http_port: ClassVar[int] = 8001
    model_config = settings_config("roster")

    access_token_minutes: int = Field(
        default=10,
        ge=1,
        le=60,
        description="Lifetime of the token a signed-in person's page sends with each call; the page renews it "
        "from its session, with the role the roster gives at that moment.",
    )
    session_hours: float = Field(
        default=12.0, gt=0, le=24 * 30, description="How long a sign-in lasts before the person signs in again."
    )
    signing_key_rotation_days: float = Field(
        default=30.0, gt=0, description="A new token-signing key after this many days (`bastion keys rotate`: now)."
    )

    @property
    def access_token_lifetime(self) -> timedelta:
        return timedelta(minutes=self.access_token_minutes)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    @property
    def key_rotation(self) -> timedelta:
        return timedelta(days=self.signing_key_rotation_days)
