"""Feedback's settings: the kit's, read with the ``FEEDBACK_`` prefix."""

from __future__ import annotations

from typing import ClassVar

from bastion.settings import ServiceSettings, settings_config


class FeedbackSettings(ServiceSettings):
    service_name: ClassVar[str] = "feedback"
    default_http_port: ClassVar[int] = 8003
    model_config = settings_config("feedback")
