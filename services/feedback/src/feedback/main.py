"""Feedback as a Bastion service: ratings, suggestions and their loop, the public channel."""

from __future__ import annotations

from bastion.service import ServiceSpec
from bastion_contracts import ALL_TOPICS, REGISTRY
from feedback.entrypoints.api import public_routers, routers
from feedback.projections import FACTS_CONSUMER
from feedback.settings import FeedbackSettings

SERVICE = ServiceSpec(
    name="feedback",
    title="Bastion feedback · 评价与意见建议",
    description=(
        "Ratings and suggestions from those served, with the adopt-and-respond loop and a public page per branch."
    ),
    default_port=FeedbackSettings.default_http_port,
    settings_type=FeedbackSettings,
    migrations="feedback:migrations",
    routers=routers,
    public_routers=public_routers,
    registry=REGISTRY,
    produces=tuple(t for t in ALL_TOPICS if t.name.startswith("bastion.feedback.")),
    consumers=(FACTS_CONSUMER,),
)
