"""ASGI middleware: trace context and request metrics, for every route of every service."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bastion.metrics import BastionMetrics
from bastion.tracing import current_trace, new_trace, parse_traceparent


class RequestContextMiddleware:
    """Starts (or continues) a trace per request and records its latency and status."""

    def __init__(self, app: ASGIApp, metrics: BastionMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = parse_traceparent(headers.get(b"traceparent", b"").decode("latin-1"))
        trace = incoming.child() if incoming else new_trace()
        token = current_trace.set(trace)
        status = 500
        started = time.perf_counter()

        async def send_with_trace(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"traceparent", trace.traceparent.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        finally:
            current_trace.reset(token)
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            self.metrics.http_requests.labels(method, template, str(status)).inc()
            self.metrics.http_request_duration.labels(method, template).observe(time.perf_counter() - started)
