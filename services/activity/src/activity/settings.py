"""Activity's settings: the kit's, read with the ``ACTIVITY_`` prefix."""

from __future__ import annotations

from typing import ClassVar

from bastion.settings import ServiceSettings, settings_config


class ActivitySettings(ServiceSettings):
    service_name: ClassVar[str] = "activity"
    default_http_port: ClassVar[int] = 8002
    model_config = settings_config("activity")
