"""Every route of every service says who may call it, and docs/access.md is that table, current."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from fastapi import APIRouter

from bastion.http.access_table import markdown, routes_of
from bastion.service import discover_services

PAGE = Path(__file__).parents[2] / "docs" / "access.md"


def test_every_signed_in_route_has_exactly_one_role_policy() -> None:
    routes = [route for spec in discover_services().values() for route in routes_of(spec)]

    assert len(routes) > 100
    assert [f"{r.service}: {r.problem}" for r in routes if r.problem] == []


def test_a_route_without_a_policy_is_named() -> None:
    spec = discover_services()["scoring"]
    careless = APIRouter()

    @careless.get("/forgotten")
    async def forgotten() -> None: ...

    problems = [r.problem for r in routes_of(dataclasses.replace(spec, routers=lambda: [careless])) if r.problem]

    assert problems == ["GET /forgotten: 0 role policies (allow(...)); it needs exactly one"]


def test_the_access_page_is_the_current_table() -> None:
    routes = [route for spec in discover_services().values() for route in routes_of(spec)]

    assert PAGE.read_text(encoding="utf-8") == markdown(routes), "run: bastion access-table > docs/access.md"
