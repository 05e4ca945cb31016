"""What a service declares about itself; the kit builds the process around it.

Each service package exposes one :class:`ServiceSpec` as the ``bastion.services`` entry point,
which is how ``bastion serve``, ``bastion migrate`` and the dev stack find it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Protocol

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer.spec import ConsumerSpec, GenerationConsumer
from bastion.events.registry import EventRegistry
from bastion.events.topics import Topic
from bastion.settings import ServiceSettings

if TYPE_CHECKING:
    from bastion.auth.tokens import SessionKeys
    from bastion.runtime import ServiceRuntime


class Worker(Protocol):
    """A long-running task of a service (besides the relay and consumers): runs until stopped."""

    name: str

    async def prepare(self) -> None:
        """What must be ready before the service answers (awaited at start-up)."""
        ...

    async def run(self) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    title: str
    description: str
    default_port: int
    settings_type: type[ServiceSettings]
    migrations: str  # Alembic script location in package form: "roster:migrations"
    routers: Callable[[], Sequence[APIRouter]]  # behind authentication; each route says who may call it
    registry: EventRegistry
    produces: tuple[Topic, ...] = ()
    # Every consumer of the service: the kit runs each ConsumerSpec; the service's generation worker runs a
    # GenerationConsumer (scoring) for each live generation of its projection.
    consumers: tuple[ConsumerSpec | GenerationConsumer, ...] = ()
    workers: Callable[[ServiceRuntime], Sequence[Worker]] | None = None
    # Where the consumers keep offsets, processed ids and dead letters, if not the service database's
    # default schema (scoring: its live projection generation).
    consumer_bookkeeping: Callable[[AsyncEngine], Awaitable[AsyncEngine]] | None = None
    # Routers anyone may call without signing in (feedback's mobile pages, protected by their own codes).
    public_routers: Callable[[], Sequence[APIRouter]] | None = None
    # Where this service finds the keys of Bastion's sign-in tokens, if not from AUTH_SESSION_JWKS_URL
    # (roster, which issues them, reads its own database).
    session_keys: Callable[[ServiceRuntime], SessionKeys] | None = None
    version: str = "0.1.0"
    tags: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def load_settings(self, **overrides: object) -> ServiceSettings:
        return self.settings_type(**overrides)  # type: ignore[arg-type]


def discover_services() -> dict[str, ServiceSpec]:
    """Every installed service, by name, in the order of their default ports."""
    found: dict[str, ServiceSpec] = {}
    for entry in entry_points(group="bastion.services"):
        spec = entry.load()
        if not isinstance(spec, ServiceSpec):
            raise TypeError(f"entry point {entry.name} is not a ServiceSpec")
        found[spec.name] = spec
    return dict(sorted(found.items(), key=lambda item: item[1].default_port))
