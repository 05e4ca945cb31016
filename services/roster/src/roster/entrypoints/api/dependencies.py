"""Dependencies of roster's routes: the handler context, roster's settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from bastion.clock import local_today, utc_now
from bastion.http import RuntimeDep
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings


def handler_context(runtime: RuntimeDep) -> Context:
    return Context(
        uow=RosterUnitOfWork(runtime.sessions),
        now=utc_now(),
        today=local_today(runtime.settings.timezone),
    )


def roster_settings(runtime: RuntimeDep) -> RosterSettings:
    """The settings roster was started with, as roster's own type."""
    settings = runtime.settings
    if not isinstance(settings, RosterSettings):
        raise TypeError(f"roster runs with RosterSettings, not {type(settings).__name__}")
    return settings


ContextDep = Annotated[Context, Depends(handler_context)]
SettingsDep = Annotated[RosterSettings, Depends(roster_settings)]
