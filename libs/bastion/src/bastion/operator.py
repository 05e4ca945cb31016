"""What the operator's commands (``bastion dead-letters``, ``bastion outbox``) share: finding the service,
reaching its database, and saying clearly what went wrong."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db import create_engine
from bastion.errors import BastionError

if TYPE_CHECKING:
    from bastion.service import ServiceSpec

Work = Callable[["ServiceSpec", AsyncEngine], Awaitable[int]]


def on_service_database(service: str, work: Work) -> int:
    """Run ``work`` against ``service``'s database; its exit status, 1 for a refusal (printed), 2 when the
    database cannot be reached."""
    from bastion.service import discover_services

    services = discover_services()
    if service not in services:
        raise SystemExit(f"unknown service {service!r}; known: {', '.join(services)}")
    spec = services[service]
    engine = create_engine(spec.load_settings().require_database_url(), pool_size=1)

    async def run() -> int:
        try:
            return await work(spec, engine)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except BastionError as exc:
        print(f"bastion: {exc.message}", file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:
        print(f"bastion: cannot reach {service}'s database: {exc}", file=sys.stderr)
        return 2
