"""Feedback as a Bastion service."""

from __future__ import annotations

from bastion.service import ServiceSpec
from bastion_contracts import REGISTRY
from feedback.entrypoints import routers
from feedback.settings import FeedbackSettings

SERVICE = ServiceSpec(
    name="feedback",
    title="Bastion feedback · 评价与意见建议",
    description="Ratings and suggestions from those served, with the adopt-and-respond loop.",
    default_port=FeedbackSettings.default_http_port,
    settings_type=FeedbackSettings,
    migrations="feedback:migrations",
    routers=routers,
    registry=REGISTRY,
)
