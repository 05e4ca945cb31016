"""Dependencies every service's routes use."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bastion.runtime import ServiceRuntime


async def runtime_of(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(runtime_of)]
