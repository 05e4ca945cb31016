"""A service behind the one address: the proxy (deploy/caddy/routes.caddy) serves each service's API under
``/api/<service>/…``, strips that prefix and names it in ``X-Forwarded-Prefix``.

The service keeps serving at its root; for a request that came through the proxy it sets the ASGI
``root_path`` (and prefixes ``path``, as uvicorn's ``--root-path`` does), so that the links it gives, its
``/docs`` pages' and its OpenAPI document's ``servers``, lead back through the proxy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

API_PREFIX = "/api"
FORWARDED_PREFIX = b"x-forwarded-prefix"


def api_prefix(service: str) -> str:
    """Where the one address serves ``service``'s API: ``/api/roster``."""
    return f"{API_PREFIX}/{service}"


class ForwardedPrefixMiddleware:
    """Takes ``X-Forwarded-Prefix`` when it names this service's own prefix, and only then: a client that
    sets another cannot make the service describe itself at a path of the client's choosing."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path") and self._forwarded(scope):
            scope = {
                **scope,
                "root_path": self.prefix,
                "path": self.prefix + scope["path"],
                "raw_path": self.prefix.encode() + scope.get("raw_path", scope["path"].encode()),
            }
        await self.app(scope, receive, send)

    def _forwarded(self, scope: Scope) -> bool:
        for name, value in scope.get("headers") or ():
            if name == FORWARDED_PREFIX:
                return bool(value.decode("latin-1").rstrip("/") == self.prefix)
        return False
