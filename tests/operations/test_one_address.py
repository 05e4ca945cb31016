"""The one address: the four services (``bastion serve``) behind Caddy running the routes `make run` serves
(deploy/caddy/dev.Caddyfile, plain HTTP) and production's (deploy/caddy/Caddyfile, HTTPS with the trial
certificate deploy/tls/create.sh makes). Through it a browser gets the web app, every API under
``/api/<service>/`` with its documentation, and the public feedback pages at their short links."""

from __future__ import annotations

import asyncio
import re
import ssl
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from bastion.devstack.processes import free_port
from bastion.devstack.proxy import EmbeddedProxy, upstream
from bastion.http.forwarded import api_prefix
from bastion.testing import ServiceProcess, TestStack
from bastion.testing.auth import bearer
from bastion.testing.stack import DatabaseTemplates
from tests.deploy.caddy import PRODUCTION, self_signed_certificate
from tests.faults.services import SPECS
from tests.support.roster import member_body

# The four services and two Caddies as processes: in `make test-slow`.
pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]


@dataclass
class OneAddress:
    address: str  # make run's: plain HTTP
    https: str  # production's: HTTPS with the trial certificate
    plain_http: str  # production's port 80
    certificate: Path
    admin: dict[str, str]


def _own_settings(name: str, proxy_url: str) -> dict[str, Any]:
    """What bastion dev tells the services behind its proxy (bastion.devstack.reach)."""
    if name == "scoring":
        return {"dashboard_services": {service: api_prefix(service) for service in SPECS}}
    if name == "feedback":
        return {"public_base_url": proxy_url}
    return {}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def one_address(
    database_templates: DatabaseTemplates, kafka_bootstrap: str, signing_key_file: Path, test_work_dir: Path
) -> AsyncIterator[OneAddress]:
    stack = TestStack(database_templates, kafka_bootstrap, f"t{uuid.uuid4().hex[:10]}.", signing_key_file)
    work = test_work_dir / f"one-address-{uuid.uuid4().hex[:8]}"
    port, https_port, http_port = free_port(), free_port(), free_port()
    address = f"http://127.0.0.1:{port}"
    roster = ServiceProcess("roster", await stack.settings_for(SPECS["roster"]), log_dir=work)
    # As bastion dev does: the other services check the tokens of people who signed in at roster.
    session_keys = {"auth_session_jwks_url": f"{roster.url}/auth/jwks"}
    processes = {"roster": roster} | {
        name: ServiceProcess(
            name, await stack.settings_for(spec, **_own_settings(name, address), **session_keys), log_dir=work
        )
        for name, spec in SPECS.items()
        if name != "roster"
    }
    upstreams = {name: upstream("127.0.0.1", process.port) for name, process in processes.items()}
    certificates = self_signed_certificate(work / "tls", "localhost")
    production = {
        "BASTION_TLS_DIR": str(certificates),
        "BASTION_PROXY_HTTPS_PORT": str(https_port),
        "BASTION_PROXY_HTTP_PORT": str(http_port),
    }
    proxies = [
        EmbeddedProxy("127.0.0.1", port, upstreams, data_dir=work / "caddy", log_path=work / "proxy.log"),
        EmbeddedProxy(
            "127.0.0.1",
            https_port,
            upstreams,
            data_dir=work / "caddy-production",
            log_path=work / "proxy-production.log",
            caddyfile=PRODUCTION,
            variables=production,
        ),
    ]
    try:
        await asyncio.gather(*(process.started(timeout=60) for process in processes.values()))
        for proxy in proxies:
            await asyncio.to_thread(proxy.start)
        yield OneAddress(
            address,
            f"https://127.0.0.1:{https_port}",
            f"http://127.0.0.1:{http_port}",
            certificates / "bastion.crt",
            bearer(processes["roster"].settings),
        )
    finally:
        for proxy in proxies:
            proxy.stop()
        await asyncio.gather(*(asyncio.to_thread(process.stop) for process in processes.values()))
        await stack.close()


async def test_the_address_opens_the_web_app(one_address: OneAddress) -> None:
    async with httpx.AsyncClient(base_url=one_address.address, timeout=10) as browser:
        page = await browser.get("/")
        deep = await browser.get("/me/card")
        config = (await browser.get("/dashboard/config.json")).json()
        health = (await browser.get("/healthz")).json()
        with_query = await browser.get("/?signin_error=provider_refused")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<div id="app">' in page.text, "the web app's page (web/dist), no redirect"
    assert deep.text == page.text, "the app's own paths answer its page, whose router takes over"
    assert config["services"] == {name: f"/api/{name}" for name in SPECS}, "the old dashboard is still there"
    assert health == {"status": "ok", "service": "proxy"}
    assert with_query.text == page.text, "the sign-in's answer (the query) is read by the app"


async def test_an_api_answers_under_its_prefix_with_a_token_and_refuses_without(one_address: OneAddress) -> None:
    async with httpx.AsyncClient(base_url=one_address.address, timeout=10) as client:
        signed_in = await client.get("/api/roster/org-units", headers=one_address.admin)
        anonymous = await client.get("/api/roster/org-units")
        unknown = await client.get("/api/nothing/org-units", headers=one_address.admin)
    assert signed_in.status_code == 200, signed_in.text
    assert "items" in signed_in.json()
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/json")
    assert anonymous.json()["error"] == "unauthenticated"
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert unknown.status_code == 404


@pytest.mark.parametrize("service", list(SPECS))
async def test_each_services_documentation_works_behind_its_prefix(one_address: OneAddress, service: str) -> None:
    prefix = api_prefix(service)
    async with httpx.AsyncClient(base_url=one_address.address, timeout=10) as browser:
        page = (await browser.get(f"{prefix}/docs")).text
        links = set(re.findall(r"""(?:url|href|src)\s*[:=]\s*['"]([^'"]+)['"]""", page))
        assert f"{prefix}/openapi.json" in links
        document = (await browser.get(f"{prefix}/openapi.json")).json()
        for link in links:
            assert (await browser.get(link)).status_code == 200, link
    assert document["servers"] == [{"url": prefix}], "Swagger UI's requests go through the proxy too"


async def test_a_public_feedback_page_opens_at_its_short_link(one_address: OneAddress) -> None:
    async with httpx.AsyncClient(base_url=one_address.address, timeout=30, headers=one_address.admin) as client:
        branch = await _branch_known_to_feedback(client)
        channel = (await client.get(f"/api/feedback/branches/{branch}/public-channel")).json()
        assert channel["url"] == f"{one_address.address}/p/{channel['code']}", "links and QR codes lead here"
        qr = await client.get(f"/api/feedback{channel['qr_code_url']}")
    async with httpx.AsyncClient(timeout=10) as phone:
        page = await phone.get(channel["url"])
    assert qr.headers["content-type"] == "image/svg+xml"
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f'action="/p/{channel["code"]}/rate"' in page.text, "the page's forms post to the same address"


async def test_production_serves_the_same_over_https_and_leads_plain_http_there(one_address: OneAddress) -> None:
    trusted = ssl.create_default_context(cafile=str(one_address.certificate))
    async with httpx.AsyncClient(base_url=one_address.https, verify=trusted, timeout=10) as browser:
        page = await browser.get("/", follow_redirects=True)
        signed_in = await browser.get("/api/roster/org-units", headers=one_address.admin)
        anonymous = await browser.get("/api/roster/org-units")
    async with httpx.AsyncClient(base_url=one_address.plain_http, timeout=10) as browser:
        redirected = await browser.get("/api/roster/org-units")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert signed_in.status_code == 200
    assert anonymous.status_code == 401
    assert redirected.status_code == 308
    assert redirected.headers["location"] == "https://127.0.0.1/api/roster/org-units"


async def test_a_person_signs_in_and_works_through_the_one_address(one_address: OneAddress) -> None:
    """Over production's HTTPS: an account made by the committee, the first password changed, the session
    cookie Secure and HttpOnly; the token opens another service's API; the session renews, then ends."""
    trusted = ssl.create_default_context(cafile=str(one_address.certificate))
    async with httpx.AsyncClient(base_url=one_address.https, verify=trusted, timeout=30) as browser:
        branch = await _answered(
            browser.post("/api/roster/org-units", headers=one_address.admin, json=_unit("party_committee"))
        )
        unit = await _answered(
            browser.post("/api/roster/org-units", headers=one_address.admin, json=_unit("branch", branch["id"]))
        )
        person = await _answered(
            browser.post("/api/roster/members", headers=one_address.admin, json=member_body(unit["id"]))
        )
        account = await _answered(
            browser.post(
                "/api/roster/accounts", headers=one_address.admin, json={"employee_number": person["employee_number"]}
            )
        )
        change = {"username": account["username"], "current_password": account["initial_password"]}
        signed_in = await browser.post("/api/roster/auth/password", json=change | {"new_password": "Through-443"})
        token = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        rule_sets = await browser.get("/api/scoring/rule-sets", headers=token)
        renewed = await browser.post("/api/roster/auth/refresh")
        out = await browser.post("/api/roster/auth/logout")
        after = await browser.post("/api/roster/auth/refresh")

    assert signed_in.status_code == 200, signed_in.text
    cookie = signed_in.headers["set-cookie"].lower()
    assert "secure" in cookie, "over HTTPS behind the proxy the session cookie is Secure"
    assert "httponly" in cookie
    assert signed_in.json()["person"]["role"] == "member"
    assert rule_sets.status_code == 200, rule_sets.text
    assert renewed.status_code == 200
    assert out.status_code == 204
    assert after.status_code == 401


def _unit(kind: str, parent_id: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "name": f"{kind}-{uuid.uuid4().hex[:6]}", "parent_id": parent_id}


async def _answered(request: Awaitable[httpx.Response]) -> dict[str, Any]:
    answer = await request
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


async def _branch_known_to_feedback(client: httpx.AsyncClient) -> str:
    """A new branch in roster, through the proxy; once feedback has applied its events."""
    event_ids: list[str] = []
    parent_id = None
    for kind in ("party_committee", "branch"):
        body = {"kind": kind, "name": f"{kind}-{uuid.uuid4().hex[:6]}", "parent_id": parent_id}
        answer = await client.post("/api/roster/org-units", json=body)
        assert answer.status_code == 201, answer.text
        parent_id = answer.json()["id"]
        event_ids += answer.json()["event_ids"]
    for _ in range(6):
        waited = await client.get("/api/feedback/consumption", params={"after": event_ids, "wait_seconds": 10})
        if waited.json()["applied"] is True:
            assert parent_id is not None
            return str(parent_id)
    raise AssertionError(f"feedback did not apply the branch's events: {waited.text}")
