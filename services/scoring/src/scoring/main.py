"""Scoring as a Bastion service: consumes every event and serves the projections."""

from __future__ import annotations

from bastion.service import ServiceSpec
from bastion_contracts import REGISTRY
from scoring.entrypoints.api import routers
from scoring.projections.consumer import SCORING_CONSUMER
from scoring.settings import ScoringSettings

SERVICE = ServiceSpec(
    name="scoring",
    title="Bastion scoring · 积分与考评",
    description="Member scores and branch assessments, always current and explainable.",
    default_port=ScoringSettings.default_http_port,
    settings_type=ScoringSettings,
    migrations="scoring:migrations",
    routers=routers,
    registry=REGISTRY,
    consumers=(SCORING_CONSUMER,),
)
