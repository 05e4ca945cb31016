"""Scoring as a Bastion service: consumes every event, keeps member scores and branch assessments."""

from __future__ import annotations

from collections.abc import Sequence

from bastion.runtime import ServiceRuntime, runtime_with
from bastion.service import ServiceSpec, Worker
from bastion_contracts import REGISTRY
from bastion_contracts.topics import SCORING_SCORES
from scoring.adapters.generations import live_bookkeeping
from scoring.announcements import Announcer
from scoring.dashboard import routes as dashboard
from scoring.entrypoints.api import routers
from scoring.generations import CONSUMER, GenerationManager
from scoring.settings import ScoringSettings


def workers(runtime: ServiceRuntime) -> Sequence[Worker]:
    scoring = runtime_with(runtime, ScoringSettings)
    generations = GenerationManager(scoring)
    return [generations, Announcer(scoring, generations)]


SERVICE = ServiceSpec(
    name="scoring",
    title="Bastion scoring · 积分与考评",
    description="Member scores and branch assessments, always current and explainable, from versioned rules.",
    default_port=ScoringSettings.default_http_port,
    settings_type=ScoringSettings,
    migrations="scoring:migrations",
    routers=routers,
    public_routers=dashboard.public_routers,
    registry=REGISTRY,
    produces=(SCORING_SCORES,),
    consumers=(CONSUMER,),
    workers=workers,
    consumer_bookkeeping=live_bookkeeping,
)
