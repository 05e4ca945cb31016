"""The FastAPI application of a service: the kit's operations endpoints, error answers,
middleware and lifecycle around the service's own routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector

from bastion import health
from bastion.auth.tokens import TokenVerifier
from bastion.consumer.runner import ConsumerRunner
from bastion.consumer.spec import ConsumerSpec
from bastion.http import audit_api
from bastion.http.api_docs import install_api_docs
from bastion.http.auth import authenticate
from bastion.http.forwarded import ForwardedPrefixMiddleware, api_prefix
from bastion.http.middleware import RequestContextMiddleware
from bastion.http.problem_docs import problem_responses
from bastion.http.problems import install_problem_handlers
from bastion.http.request_guards import BodyLimitMiddleware, NulCharacterMiddleware
from bastion.outbox.relay import OutboxRelay
from bastion.runtime import RELAY_TASK, ServiceRuntime
from bastion.service import ServiceSpec
from bastion.settings import ServiceSettings

CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
CORS_HEADERS = ["Authorization", "X-API-Key", "Content-Type"]


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
            if not isinstance(consumer, ConsumerSpec):
                continue  # a GenerationConsumer: the service's generation worker runs it
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
            runtime.keep(worker)
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
        docs_url=None,  # served by install_api_docs, without a CDN
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.spec = spec
    app.state.token_verifier = TokenVerifier(settings, spec.session_keys(runtime) if spec.session_keys else None)
    install_problem_handlers(app)
    # Added innermost first: the trace and metrics see the guards' refusals too.
    app.add_middleware(NulCharacterMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.http_max_body_bytes)
    app.add_middleware(RequestContextMiddleware, metrics=runtime.metrics)
    app.add_middleware(ForwardedPrefixMiddleware, prefix=api_prefix(spec.name))
    if settings.cors_allowed_origins:
        # Outermost, so a preflight is answered before any guard; only the listed origins get headers.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allowed_origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
        )
    app.include_router(health.router)
    install_api_docs(app)
    signed_in = [Depends(authenticate)]
    for router in (*spec.routers(), audit_api.router):
        app.include_router(router, dependencies=signed_in, responses=problem_responses())
    for router in spec.public_routers() if spec.public_routers else ():
        app.include_router(router, responses=problem_responses(signed_in=False))
    return app
