"""Dependencies of roster's routes: the handler context, roster's settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from bastion.http import runtime_dependency
from bastion.http.contexts import HandlerContexts
from bastion.runtime import ServiceRuntime
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings

RosterRuntime = Annotated[ServiceRuntime[RosterSettings], Depends(runtime_dependency(RosterSettings))]
contexts = HandlerContexts(RosterSettings, RosterUnitOfWork, Context)


async def roster_settings(runtime: RosterRuntime) -> RosterSettings:
    """The settings roster was started with, as roster's own type."""
    return runtime.settings


ContextDep = Annotated[Context, Depends(contexts.now)]
SettingsDep = Annotated[RosterSettings, Depends(roster_settings)]
