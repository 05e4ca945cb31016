"""Signing in on the dashboard, in Chromium against the four services with the demo organisation and its
accounts (committee, secretary4, member4): each person lands where their work is, never on a view they may
not read; roster's refusals are shown in its Chinese words; the token stays in the page's memory, is
renewed before it lapses and after a 401, and signing out ends the session."""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from bastion.clock import local_today
from bastion_demo.accounts import DEMO_PASSWORD
from bastion_demo.organisation import demo_branches
from tests.dashboard.browser import PHONE, OpenDashboard, Opened
from tests.dashboard.system import Demo

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Request, Route

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="package")]
BOUND = 480
BRANCH_FOUR = "四支部"
SESSION_COOKIE = "bastion_session"
REFRESH = "/api/roster/auth/refresh"
STORED = """() => JSON.stringify({
    local: Object.entries(localStorage), session: Object.entries(sessionStorage), cookie: document.cookie,
})"""


async def person_of(demo: Demo, username: str, password: str = DEMO_PASSWORD) -> dict[str, Any]:
    """Who ``username`` is, as roster says at sign-in."""
    async with httpx.AsyncClient(timeout=10) as client:
        answer = await client.post(
            demo.api_url("roster", "/auth/login"), json={"username": username, "password": password}
        )
    assert answer.status_code == 200, answer.text
    person: dict[str, Any] = answer.json()["person"]
    return person


async def plain_member(demo: Demo) -> dict[str, Any]:
    """A full member of 四支部 without a committee seat (so their role is member) and without an account."""
    four = next(b for b in demo_branches(local_today(demo.timezone)) if b.name == BRANCH_FOUR)
    plain = {p.employee_number for p in four.people if p.stage == "full" and p.committee_role is None}
    roster = demo.apis["roster"]
    taken = {account["member_id"] for account in await roster.get("/accounts")}
    people = await roster.all_pages("/members", org_unit_id=demo.branch_ids[BRANCH_FOUR], stage="full")
    member: dict[str, Any] = next(p for p in people if p["employee_number"] in plain and p["id"] not in taken)
    return member


async def new_account(demo: Demo) -> dict[str, Any]:
    """An account with its initial password for a :func:`plain_member`."""
    member = await plain_member(demo)
    made: dict[str, Any] = await demo.apis["roster"].post(
        "/accounts", {"employee_number": member["employee_number"]}, track=False
    )
    return made


async def sign_in_on_page(opened: Opened, username: str, password: str = DEMO_PASSWORD) -> None:
    page = opened.page
    await opened.signing_in()
    await page.locator("#username").fill(username)
    await page.locator("#password").fill(password)
    await page.locator("#sign-in-form button[type=submit]").click()


async def refusal(opened: Opened, box: str = "#sign-in-error") -> str:
    await opened.page.locator(box).wait_for(state="visible")
    return (await opened.page.locator(box).inner_text()).strip()


def forbidden(opened: Opened) -> list[str]:
    """The 401s and 403s the page met, but for the resume's 401 when nobody had signed in yet."""
    return [answer for answer in opened.refused if answer.startswith(("401", "403")) and not answer.endswith(REFRESH)]


@pytest.mark.timeout(BOUND)
async def test_a_member_signs_in_on_a_phone_and_lands_on_their_own_card(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    member = await person_of(demo, "member4")
    opened = await open_dashboard(user=None, viewport=PHONE)
    page = opened.page
    await opened.signing_in()
    await opened.screenshot("sign-in-mobile")
    assert await page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"] + 1
    assert (await page.locator("#sign-in-form").inner_text()).count("登录") >= 2  # the title and the button

    await sign_in_on_page(opened, "member4")
    await opened.ready("member")
    await opened.screenshot("member-signed-in-mobile")

    assert page.url.endswith(f"#/member/{member['member_id']}")
    assert await page.locator("#who-name").inner_text() == member["name"]
    assert await page.locator("#who-role").inner_text() == "党员"
    assert await page.locator('#crumbs a[href^="#/branch"]').count() == 0, "a member has no branch view"
    assert forbidden(opened) == [], opened.refused
    assert await page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"] + 1


@pytest.mark.timeout(BOUND)
async def test_a_secretary_lands_on_their_branch_and_never_on_the_committee_view(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    branch_id = demo.branch_ids[BRANCH_FOUR]
    secretary = await person_of(demo, "secretary4")
    opened = await open_dashboard(f"#/committee/{demo.committee_id}", user=None)
    page = opened.page
    await sign_in_on_page(opened, "secretary4")
    await opened.ready("branch")
    await opened.screenshot("branch-secretary")

    assert page.url.endswith(f"#/branch/{branch_id}"), "the committee route asked for leads to their branch"
    assert await page.locator("#who-name").inner_text() == secretary["name"]
    assert await page.locator("#who-role").inner_text() == "支部书记"
    assert await page.locator('#crumbs a[href^="#/committee"]').count() == 0
    assert not await page.locator("#branch-switch").is_visible(), "one branch: nothing to switch"

    another = next(i for name, i in demo.branch_ids.items() if name != BRANCH_FOUR)
    await page.evaluate("hash => { location.hash = hash; }", f"#/branch/{another}")
    await page.wait_for_function("id => location.hash === `#/branch/${id}`", arg=branch_id)
    await opened.ready("branch")
    assert not await page.locator("#error").is_visible(), await opened.state()
    assert forbidden(opened) == [], opened.refused


@pytest.mark.timeout(BOUND)
async def test_the_committee_lands_on_the_organisation(demo: Demo, open_dashboard: OpenDashboard) -> None:
    opened = await open_dashboard(user=None)
    await sign_in_on_page(opened, "committee")
    await opened.ready("committee")

    assert opened.page.url.endswith(f"#/committee/{demo.committee_id}")
    assert await opened.page.locator("#who-role").inner_text() == "党委"
    assert forbidden(opened) == [], opened.refused


@pytest.mark.timeout(BOUND)
async def test_a_wrong_password_is_refused_in_chinese_beside_the_form(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    opened = await open_dashboard(user=None)
    await sign_in_on_page(opened, "member4", "not-the-password-1")

    assert await refusal(opened) == "用户名或密码不正确"
    assert await opened.page.locator("#sign-in-form").is_visible()
    assert await opened.page.evaluate("document.body.dataset.ready ?? null") is None
    assert not await opened.page.locator("#who").is_visible()


@pytest.mark.timeout(BOUND)
async def test_five_wrong_passwords_lock_the_account_and_the_page_says_for_how_long(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    account = await new_account(demo)
    opened = await open_dashboard(user=None)
    said = []
    for attempt in range(6):
        await sign_in_on_page(opened, account["username"], f"wrong-{attempt}")
        said.append(await refusal(opened))
        await opened.page.wait_for_function("!document.querySelector('#sign-in-form button[type=submit]').disabled")

    assert said[0] == "用户名或密码不正确"
    assert said[4] == "密码连续输错 5 次，账号已锁定 15 分钟", said
    assert re.fullmatch(r"密码连续输错次数过多，账号已锁定，请 \d+ 分钟后再试或请管理员重置", said[5]), said


@pytest.mark.timeout(BOUND)
async def test_an_initial_password_is_changed_on_the_page_and_the_member_is_signed_in(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    account = await new_account(demo)
    opened = await open_dashboard(user=None, viewport=PHONE)
    page = opened.page
    await sign_in_on_page(opened, account["username"], account["initial_password"])
    await page.locator("#password-form").wait_for(state="visible")
    await opened.screenshot("change-password-mobile")
    assert await page.locator("#password-form h2").inner_text() == "修改密码"

    await page.locator("#new-password").fill("Branch-4-2026")
    await page.locator("#confirm-password").fill("Branch-4-2027")
    await page.locator("#password-form button[type=submit]").click()
    assert await refusal(opened, "#password-error") == "两次输入的新密码不一致"

    await page.locator("#new-password").fill("short1")
    await page.locator("#confirm-password").fill("short1")
    await page.locator("#password-form button[type=submit]").click()
    assert await refusal(opened, "#password-error") == "新密码至少 8 位"

    await page.locator("#new-password").fill("Branch-4-2026")
    await page.locator("#confirm-password").fill("Branch-4-2026")
    await page.locator("#password-form button[type=submit]").click()
    await opened.ready("member")
    assert page.url.endswith(f"#/member/{account['member_id']}")
    assert (await person_of(demo, account["username"], "Branch-4-2026"))["member_id"] == account["member_id"]


@pytest.mark.timeout(BOUND)
async def test_signing_out_ends_the_session_and_the_token_was_never_stored(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    opened = await open_dashboard(user=None)
    page = opened.page
    async with page.expect_response(lambda answer: answer.url.endswith("/auth/login")) as signed_in:
        await sign_in_on_page(opened, "secretary4")
    token = (await (await signed_in.value).json())["access_token"]
    await opened.ready("branch")

    stored = await page.evaluate(STORED)
    assert token not in stored, stored
    assert SESSION_COOKIE not in stored, stored
    assert json.loads(stored)["session"] == [], "nothing in sessionStorage"
    cookies = {cookie["name"]: cookie for cookie in await page.context.cookies()}
    assert cookies[SESSION_COOKIE]["httpOnly"]
    assert cookies[SESSION_COOKIE]["sameSite"] == "Strict"
    session = cookies[SESSION_COOKIE]["value"]

    await page.locator("#sign-out").click()
    await opened.signing_in()
    assert await page.locator("#view").inner_text() == ""
    assert not await page.locator("#who").is_visible()
    await page.reload()
    await opened.signing_in()
    assert await page.evaluate("document.body.dataset.ready ?? null") is None

    async with httpx.AsyncClient(cookies={SESSION_COOKIE: session}, timeout=10) as client:
        again = await client.post(demo.api_url("roster", "/auth/refresh"))
    assert again.status_code == 401, "the old session renews nothing"
    assert again.json()["error"] == "session_ended"


@pytest.mark.timeout(BOUND)
async def test_the_token_is_renewed_before_it_expires(demo: Demo, open_dashboard: OpenDashboard) -> None:
    async def fake_time(context: BrowserContext) -> None:
        await context.clock.install()

    opened = await open_dashboard(prepare=fake_time)
    page = opened.page
    await opened.ready("committee")
    async with page.expect_response(lambda answer: answer.url.endswith(REFRESH), timeout=10_000) as renewed:
        await page.clock.fast_forward("09:30")  # the token lives 10 minutes; renewed a minute before
    assert (await renewed.value).status == 200

    await page.locator("[data-why]").first.click()  # an API call with the new token
    await page.locator("#why-panel").wait_for(state="visible")
    assert "加载失败" not in await page.locator("#why-panel").inner_text()


@pytest.mark.timeout(BOUND)
async def test_a_401_renews_the_token_once_and_retries(demo: Demo, open_dashboard: OpenDashboard) -> None:
    refused_once: list[str] = []

    async def expired_once(route: Route) -> None:
        if refused_once:
            await route.fallback()
            return
        refused_once.append(route.request.url)
        await route.fulfill(status=401, json={"error": "token_expired", "message": "令牌已过期"})

    refreshes: list[Request] = []

    def renewal(request: Request) -> None:
        if request.url.endswith(REFRESH):
            refreshes.append(request)

    async def prepare(context: BrowserContext) -> None:
        await context.route("**/api/scoring/branches/*/ranking", expired_once)
        context.on("request", renewal)

    opened = await open_dashboard(user="secretary4", prepare=prepare)
    await opened.ready("branch")
    assert len(refused_once) == 1
    assert len(refreshes) == 2, "the resume on load, then one renewal after the 401"


@pytest.mark.timeout(BOUND)
async def test_a_session_that_ended_elsewhere_brings_back_the_sign_in_screen(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    """The page's token is refused and roster renews nothing (signed out in another window, or disabled)."""
    resumed: list[str] = []

    async def expired(route: Route) -> None:
        await route.fulfill(status=401, json={"error": "token_expired", "message": "令牌已过期"})

    async def ended(route: Route) -> None:
        if not resumed:  # the resume on load still finds the session
            resumed.append(route.request.url)
            await route.fallback()
            return
        await route.fulfill(status=401, json={"error": "session_ended", "message": "登录已失效，请重新登录"})

    async def prepare(context: BrowserContext) -> None:
        await context.route("**/api/scoring/branches/*/ranking", expired)
        await context.route(f"**{REFRESH}", ended)

    opened = await open_dashboard(user="secretary4", prepare=prepare)
    await opened.signing_in()
    assert await refusal(opened) == "登录已失效，请重新登录"
    assert not await opened.page.locator("#error").is_visible(), "no error beside the sign-in screen"
    assert not await opened.page.locator("#who").is_visible()


@pytest.mark.timeout(BOUND)
async def test_a_member_signs_in_through_the_identity_provider_and_lands_on_their_card(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    """The whole way round in the browser: the page's button, roster's redirect, the provider's form, roster's
    callback (through the page's origin, where it sets the session cookie), the page again, resumed."""
    assert demo.identity_provider is not None
    member = await plain_member(demo)
    subject = f"member.{uuid.uuid4().hex[:8]}@example.cn"
    demo.identity_provider.add_person(subject, {"employee_number": member["employee_number"], "name": member["name"]})

    async def offline(context: BrowserContext) -> None:  # the provider's page asks a CDN for its styles
        await context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())

    opened = await open_dashboard(user=None, prepare=offline)
    page = opened.page
    button = page.locator("#oidc")
    await button.wait_for(state="visible")
    assert await button.inner_text() == "企业统一身份认证"  # roster's label for the provider
    await button.click()
    await page.locator("input[name=sub]").fill(subject)
    await page.locator("button[type=submit]", has_text="Authorize").click()
    await opened.ready("member")

    assert page.url == f"{demo.dashboard_url}#/member/{member['id']}"
    assert await page.locator("#who-role").inner_text() == "党员"
    assert forbidden(opened) == [], opened.refused


@pytest.mark.timeout(BOUND)
async def test_a_refusal_from_the_identity_provider_sign_in_is_said_in_chinese(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    opened = await open_dashboard("?signin_error=provider_refused", user=None)

    assert await refusal(opened) == "统一身份认证未通过（已取消或被拒绝），请重试"
    assert "signin_error" not in opened.page.url, "the refusal is taken off the address, so a reload drops it"
