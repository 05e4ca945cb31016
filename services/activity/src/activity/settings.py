"""Activity's settings: the kit's, read with the ``ACTIVITY_`` prefix, plus activity's own."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from bastion.settings import ServiceSettings, settings_config
from bastion_contracts.vocabulary import FIVE_SERVICES


class ActivitySettings(ServiceSettings):
    service_name: ClassVar[str] = "activity"
    default_http_port: ClassVar[int] = 8002
    model_config = settings_config("activity")

    five_services_tags: list[str] = Field(
        default=list(FIVE_SERVICES),
        description="The 五个服务 tags activities may carry (some organisations say serve_livelihood).",
    )
    check_in_code_minutes: int = Field(default=30, ge=1, le=24 * 60, description="How long a check-in code lives.")
    late_after_minutes: int = Field(default=10, ge=0, le=240, description="Check-in later than start + this is late.")
