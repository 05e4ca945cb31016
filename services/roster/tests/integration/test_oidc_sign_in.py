"""Signing in through a real OpenID Connect provider (oidc-provider-mock, a process of its own): the browser goes
to the provider, a person is named there, and comes back to roster, which finds them in the roster by the
provider's employee-number claim. What is refused is refused with a page that says why, and opens no session."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from bastion.devstack.processes import free_port
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.identity_provider import MockIdentityProvider
from bastion.testing.writes import rows_written
from roster.adapters.orm import accounts, auth_sessions
from roster.entrypoints.api.auth import SESSION_COOKIE
from roster.entrypoints.api.sign_in_attempt import COOKIE
from roster.main import SERVICE
from tests.support.roster import answered, create_branch, register, seat, seated_branch

CALLBACK = "http://roster/auth/oidc/callback"


class Browser:
    """One person's browser: roster (in this process) and the provider (its own) each with their cookies."""

    def __init__(self, roster: ServiceClient) -> None:
        self.roster_service = roster
        self.roster = httpx.AsyncClient(transport=httpx.ASGITransport(app=roster.app), base_url="http://roster")
        self.provider = httpx.AsyncClient()

    async def close(self) -> None:
        await self.roster.aclose()
        await self.provider.aclose()

    async def start_sign_in(self, next_path: str | None = "/workbench") -> httpx.Response:
        return await self.roster.get("/auth/oidc/login", params={"next": next_path} if next_path else None)

    async def at_provider(self, authorize_url: str, subject: str, *, decline: bool = False) -> str:
        """The provider's sign-in form, as a person fills it in; returns where the provider sends the browser."""
        form = await self.provider.get(authorize_url)
        assert form.status_code == 200, form.text
        answer = await self.provider.post(authorize_url, data={"action": "deny"} if decline else {"sub": subject})
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]

    async def sign_in(self, subject: str, next_path: str = "/workbench") -> httpx.Response:
        """The whole chain: roster, the provider, roster's callback; returns the callback's answer."""
        to_provider = await self.start_sign_in(next_path)
        assert to_provider.status_code == 302, to_provider.text
        back = await self.at_provider(to_provider.headers["location"], subject)
        return await self.roster.get(back)


def refused_page(answer: httpx.Response, status: int, code: str) -> str:
    """The page's text; fails unless it refuses with ``status`` and ``code`` and opens no session."""
    assert (answer.status_code, answer.headers["content-type"].split(";")[0]) == (status, "text/html"), answer.text
    assert f'data-error="{code}"' in answer.text, answer.text
    assert "无法登录" in answer.text
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")
    return answer.text


@pytest.fixture
async def roster(stack: TestStack, identity_provider: MockIdentityProvider) -> AsyncIterator[ServiceClient]:
    settings = await stack.settings_for(
        SERVICE,
        oidc_issuer=identity_provider.issuer,
        oidc_client_id="bastion-tests",
        oidc_client_secret="a-client-secret-for-tests",  # noqa: S106 - the mock provider takes any
        oidc_redirect_url=CALLBACK,
    )
    async with running_service(SERVICE, settings) as client:
        yield client


@pytest.fixture
async def browser(roster: ServiceClient) -> AsyncIterator[Browser]:
    person_browser = Browser(roster)
    yield person_browser
    await person_browser.close()


async def roster_member(roster: ServiceClient, identity_provider: MockIdentityProvider) -> tuple[str, dict[str, Any]]:
    """A member of a new branch, known to the provider by a subject of their own with their employee number."""
    branch = await create_branch(roster.http)
    member = await register(roster.http, branch["id"], name="李明")
    subject = f"li.ming.{uuid.uuid4().hex[:8]}@example.cn"
    identity_provider.add_person(subject, {"employee_number": member["employee_number"], "name": "李明"})
    return subject, member


async def test_a_secretary_signs_in_through_the_provider_and_refreshes_to_the_role_the_roster_gives(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    branch, (secretary, *_) = await seated_branch(roster.http)
    answered(await seat(roster.http, branch, "secretary", secretary), 200)
    subject = f"secretary.{uuid.uuid4().hex[:8]}@example.cn"
    identity_provider.add_person(subject, {"employee_number": secretary["employee_number"], "name": "党员0"})

    landed = await browser.sign_in(subject, next_path="/workbench?tab=mine")
    session = answered(await browser.roster.post("/auth/refresh"), 200)

    assert (landed.status_code, landed.headers["location"]) == (302, "/workbench?tab=mine"), landed.text
    assert browser.roster.cookies.get(COOKIE) is None, "the sign-in's own cookie is gone once used"
    assert session["person"]["role"] == "secretary"
    token = jwt.decode(session["access_token"], options={"verify_signature": False})
    assert (token["bastion_role"], token["bastion_branches"]) == ("secretary", [branch["id"]])
    bearer = {"Authorization": f"Bearer {session['access_token']}"}
    committee = await browser.roster.get(f"/org-units/{branch['id']}/committee", headers=bearer)
    assert committee.status_code == 200, committee.text


async def test_once_linked_the_provider_subject_alone_signs_the_person_in(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject, member = await roster_member(roster, identity_provider)
    first = await browser.sign_in(subject)
    identity_provider.add_person(subject, {"name": "李明"})  # the provider no longer states the employee number

    again = Browser(browser.roster_service)
    try:
        second = await again.sign_in(subject)
        session = answered(await again.roster.post("/auth/refresh"), 200)
    finally:
        await again.close()

    assert (first.status_code, second.status_code) == (302, 302), second.text
    assert (session["person"]["role"], session["person"]["member_id"]) == ("member", member["id"])


async def test_the_provider_is_asked_for_a_code_with_pkce_a_nonce_and_the_registered_redirect(
    identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    to_provider = await browser.start_sign_in()

    assert to_provider.status_code == 302
    where = urlsplit(to_provider.headers["location"])
    asked = {name: values[0] for name, values in parse_qs(where.query).items()}
    assert f"{where.scheme}://{where.netloc}" == identity_provider.issuer
    assert asked["response_type"] == "code"
    assert asked["redirect_uri"] == CALLBACK
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["code_challenge"]) == 43  # base64url of a SHA-256, not the verifier itself
    assert asked["nonce"]
    assert asked["state"]
    assert set(asked["scope"].split()) >= {"openid"}


async def test_the_sign_in_cookie_is_http_only_lax_and_only_for_the_callback(browser: Browser) -> None:
    to_provider = await browser.start_sign_in()

    cookie = to_provider.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/auth/oidc/callback" in cookie
    assert "max-age=600" in cookie


async def test_an_employee_number_nobody_in_the_roster_has_is_refused_without_a_session(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject = f"stranger.{uuid.uuid4().hex[:8]}@example.cn"
    identity_provider.add_person(subject, {"employee_number": f"NOBODY-{uuid.uuid4().hex[:6]}"})

    before = await rows_written(roster.runtime.engine, accounts, auth_sessions)

    answer = await browser.sign_in(subject)

    assert "花名册中找不到您" in refused_page(answer, 403, "person_not_in_roster")
    assert browser.roster.cookies.get(SESSION_COOKIE) is None
    assert await rows_written(roster.runtime.engine, accounts, auth_sessions) == before


async def test_a_callback_whose_state_was_altered_is_refused(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject, _member = await roster_member(roster, identity_provider)
    to_provider = await browser.start_sign_in()
    back = urlsplit(await browser.at_provider(to_provider.headers["location"], subject))
    query = parse_qs(back.query)

    answer = await browser.roster.get(back.path, params={"code": query["code"][0], "state": query["state"][0] + "x"})

    refused_page(answer, 400, "sign_in_expired")


async def test_a_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject, _member = await roster_member(roster, identity_provider)
    to_provider = await browser.start_sign_in()
    back = await browser.at_provider(to_provider.headers["location"], subject)
    other = Browser(roster)
    try:
        answer = await other.roster.get(back)
    finally:
        await other.close()

    refused_page(answer, 400, "sign_in_expired")


async def test_a_code_used_once_is_not_accepted_again(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject, _member = await roster_member(roster, identity_provider)
    to_provider = await browser.start_sign_in()
    attempt_cookie = to_provider.cookies[COOKIE]
    back = await browser.at_provider(to_provider.headers["location"], subject)
    assert (await browser.roster.get(back)).status_code == 302

    replay = Browser(roster)
    try:
        replay.roster.cookies.set(COOKIE, attempt_cookie, domain="roster.local", path="/auth/oidc/callback")
        answer = await replay.roster.get(back)
    finally:
        await replay.close()

    refused_page(answer, 401, "identity_not_proven")


@pytest.mark.parametrize(
    "next_path",
    ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example", "/\t/elsewhere.example", "x/y"],
)
async def test_a_next_page_on_another_origin_is_refused_before_the_provider(browser: Browser, next_path: str) -> None:
    answer = await browser.start_sign_in(next_path)

    refused_page(answer, 400, "unsafe_next")
    assert COOKIE not in answer.headers.get("set-cookie", "")


async def test_without_next_the_person_lands_on_the_home_page(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject, _member = await roster_member(roster, identity_provider)
    to_provider = await browser.start_sign_in(next_path=None)
    back = await browser.at_provider(to_provider.headers["location"], subject)

    landed = await browser.roster.get(back)

    assert (landed.status_code, landed.headers["location"]) == (302, "/")


async def test_a_person_who_declines_at_the_provider_is_told_so(
    roster: ServiceClient, identity_provider: MockIdentityProvider, browser: Browser
) -> None:
    subject, _member = await roster_member(roster, identity_provider)
    to_provider = await browser.start_sign_in()
    back = await browser.at_provider(to_provider.headers["location"], subject, decline=True)

    answer = await browser.roster.get(back)

    assert "access_denied" in refused_page(answer, 401, "provider_refused")


async def test_a_provider_that_cannot_be_reached_is_a_page_that_says_so(stack: TestStack) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings = await stack.settings_for(
        SERVICE, oidc_issuer=nowhere, oidc_client_id="bastion-tests", oidc_redirect_url=CALLBACK
    )
    async with running_service(SERVICE, settings) as client:
        person_browser = Browser(client)
        answer = await person_browser.start_sign_in()
        await person_browser.close()

    assert "暂时无法访问" in refused_page(answer, 503, "identity_provider_unavailable")


async def test_without_a_provider_configured_the_routes_say_so(stack: TestStack) -> None:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        anonymous = Browser(client)
        login, callback = await anonymous.start_sign_in(), await anonymous.roster.get("/auth/oidc/callback")
        await anonymous.close()

    refused_page(login, 404, "oidc_disabled")
    refused_page(callback, 404, "oidc_disabled")
