"""Roster's settings: the kit's, read with the ``ROSTER_`` prefix."""

from __future__ import annotations

from typing import ClassVar

from bastion.settings import ServiceSettings, settings_config


class RosterSettings(ServiceSettings):
    service_name: ClassVar[str] = "roster"
    default_http_port: ClassVar[int] = 8001
    model_config = settings_config("roster")
