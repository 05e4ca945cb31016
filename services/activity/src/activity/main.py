"""Activity as a Bastion service."""

from __future__ import annotations

from activity.entrypoints import routers
from activity.settings import ActivitySettings
from bastion.service import ServiceSpec
from bastion_contracts import REGISTRY

SERVICE = ServiceSpec(
    name="activity",
    title="Bastion activity · 组织生活与服务",
    description="Meetings and lessons (三会一课), service work, attendance and compliance.",
    default_port=ActivitySettings.default_http_port,
    settings_type=ActivitySettings,
    migrations="activity:migrations",
    routers=routers,
    registry=REGISTRY,
)
