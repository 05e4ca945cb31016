"""The FastAPI application of a service: the kit's operations endpoints, error answers,
middleware and lifecycle around the service's own routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector

from bastion import health
from bastion.consumer.runner import ConsumerRunner
from bastion.http.middleware import RequestContextMiddleware
from bastion.http.problems import install_problem_handlers
from bastion.outbox.relay import OutboxRelay
from bastion.runtime import RELAY_TASK, ServiceRuntime
from bastion.service import ServiceSpec
from bastion.settings import ServiceSettings


def create_app(spec: ServiceSpec, settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings if settings is not None else spec.load_settings()
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    runtime = ServiceRuntime.create(settings, registry)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if spec.produces:
            runtime.relay = OutboxRelay(
                engine=runtime.engine, settings=settings, topics=spec.produces, metrics=runtime.metrics
            )
            runtime.spawn(RELAY_TASK, runtime.relay.run())
        for consumer in spec.consumers:
            runner = ConsumerRunner(
                consumer,
                sessions=runtime.sessions,
                settings=settings,
                registry=spec.registry,
                metrics=runtime.metrics,
                engine=runtime.engine,
            )
            runtime.consumers[consumer.name] = runner
            runtime.spawn(f"consumer-{consumer.name}", runner.run())
        for worker in spec.workers(runtime) if spec.workers else ():
            await worker.prepare()
            runtime.workers.append(worker)
            runtime.spawn(worker.name, worker.run())
        try:
            yield
        finally:
            await runtime.close()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        lifespan=lifespan,
        openapi_tags=list(spec.tags),
    )
    app.state.runtime = runtime
    app.state.spec = spec
    install_problem_handlers(app)
    app.add_middleware(RequestContextMiddleware, metrics=runtime.metrics)
    app.include_router(health.router)
    for router in spec.routers():
        app.include_router(router)
    return app
