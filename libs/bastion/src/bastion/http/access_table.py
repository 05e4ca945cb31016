"""Who may call what: every route of every service with the roles its policy admits, read from the routes
themselves (``allow(...)``), for the docs (``bastion access-table``) and for the check that no route was
left without a policy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from bastion.auth.principal import Role
from bastion.http import audit_api
from bastion.service import ServiceSpec


@dataclass(frozen=True, slots=True)
class RouteAccess:
    service: str
    method: str
    path: str
    signed_in: bool  # behind authentication
    roles: tuple[frozenset[Role], ...]  # one per allow(...) found; a proper route has exactly one
    scope: str

    @property
    def problem(self) -> str | None:
        if not self.signed_in:
            return None
        if len(self.roles) != 1:
            return f"{self.method} {self.path}: {len(self.roles)} role policies (allow(...)); it needs exactly one"
        return None


def _calls(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def routes_of(spec: ServiceSpec) -> list[RouteAccess]:
    """Every route a service declares (its routers, the kit's audit log, its public routers)."""
    signed_in = [*spec.routers(), audit_api.router]
    public = list(spec.public_routers()) if spec.public_routers else []
    found = []
    for router, behind_login in [*((r, True) for r in signed_in), *((r, False) for r in public)]:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            calls = list(_calls(route.dependant))
            roles: list[frozenset[Role]] = [r for r in (getattr(c, "__bastion_roles__", None) for c in calls) if r]
            scopes: list[str] = [s for s in (getattr(c, "__bastion_scope__", "") for c in calls) if s]
            for method in sorted((route.methods or set()) - {"HEAD"}):
                found.append(RouteAccess(spec.name, method, route.path, behind_login, tuple(roles), "; ".join(scopes)))
    return found


def markdown(routes: Iterable[RouteAccess]) -> str:
    """The access table: one row per route, a column per role."""
    roles = list(Role)
    lines = [
        "# Who may call what",
        "",
        "Generated from the routes' policies by `bastion access-table` (a test fails when this page is stale",
        "or a route has no policy). ✓ = the role may call it; the last column says what the route narrows",
        "further (its own branch, the member themself). `public` routes need no credentials, nor do every",
        "service's `/healthz`, `/readyz`, `/metrics`, `/consumption`, `/docs`, `/redoc` (and their files under",
        "`/docs/assets`) and `/openapi.json`. Every other request needs `Authorization: Bearer <JWT>` or",
        "`X-API-Key` (machines, role `service`).",
        "",
        "| service | method | path | " + " | ".join(r.value for r in roles) + " | narrowed to |",
        "|---|---|---|" + "---|" * len(roles) + "---|",
    ]
    for route in sorted(routes, key=lambda r: (r.service, r.path, r.method)):
        if route.signed_in and route.roles:
            marks = ["✓" if role in route.roles[0] else "" for role in roles]
        else:
            marks = ["public" if not route.signed_in else "?"] * len(roles)
        lines.append(
            f"| {route.service} | {route.method} | `{route.path}` | " + " | ".join(marks) + f" | {route.scope} |"
        )
    return "\n".join(lines) + "\n"
