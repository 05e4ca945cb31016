"""Dependencies every service's routes use."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from bastion.runtime import ServiceRuntime, Settings, runtime_with


async def runtime_of(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(runtime_of)]


def runtime_dependency(settings_type: type[Settings]) -> Callable[[Request], Awaitable[ServiceRuntime[Settings]]]:
    """A dependency giving the runtime with the service's own settings type, so its routes read their settings
    typed (``Annotated[ServiceRuntime[XSettings], Depends(runtime_dependency(XSettings))]``, once per service)."""

    async def typed_runtime(request: Request) -> ServiceRuntime[Settings]:
        return runtime_with(await runtime_of(request), settings_type)

    return typed_runtime
