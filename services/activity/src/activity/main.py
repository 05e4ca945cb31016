"""Activity as a Bastion service: organisational life, service work, attendance, compliance."""

from __future__ import annotations

from activity.entrypoints.api import routers
from activity.projections import ROSTER_FACTS_CONSUMER
from activity.settings import ActivitySettings
from bastion.service import ServiceSpec
from bastion_contracts import ALL_TOPICS, REGISTRY

SERVICE = ServiceSpec(
    name="activity",
    title="Bastion activity · 组织生活与服务",
    description="Meetings and lessons (三会一课), service work, attendance and compliance.",
    default_port=ActivitySettings.default_http_port,
    settings_type=ActivitySettings,
    migrations="activity:migrations",
    routers=routers,
    registry=REGISTRY,
    produces=tuple(t for t in ALL_TOPICS if t.name.startswith("bastion.activity.")),
    consumers=(ROSTER_FACTS_CONSUMER,),
)
