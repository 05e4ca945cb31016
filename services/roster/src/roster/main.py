"""Roster as a Bastion service: the spec the kit builds the process from."""

from __future__ import annotations

from bastion.service import ServiceSpec
from bastion_contracts import ALL_TOPICS, REGISTRY
from roster.adapters.signing_keys import DatabaseSessionKeys
from roster.entrypoints.api import public_routers, routers
from roster.settings import RosterSettings

SERVICE = ServiceSpec(
    name="roster",
    title="Bastion roster · 组织与党员",
    description="The organisation tree, members, the recruitment pipeline, roles and service posts.",
    default_port=RosterSettings.default_http_port,
    settings_type=RosterSettings,
    migrations="roster:migrations",
    routers=routers,
    public_routers=public_routers,
    session_keys=lambda runtime: DatabaseSessionKeys(runtime.engine),
    registry=REGISTRY,
    produces=tuple(t for t in ALL_TOPICS if t.name.startswith("bastion.roster.")),
)
