"""The workbench in Chromium, signed in through its own sign-in page as the demo's people: each lands where
their work is, the member's card reads every ledger line of the API as a sentence, a phone gets one column
and the bottom bar, and no view shows a code, an English word or an identifier. Screenshots of every view,
at desktop and phone size, go to ``artefacts/web/``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import expect

from bastion_demo.accounts import DEMO_PASSWORD
from tests.dashboard.browser import PHONE
from tests.dashboard.system import Demo
from tests.dashboard.test_signing_in import new_account
from tests.web.browser import OpenApp, Opened

if TYPE_CHECKING:
    from playwright.async_api import Route

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="package")]
BOUND = 480
BRANCH_FOUR = "四支部"
BRANCH_AREAS = ("todo", "meetings", "service", "members", "suggestions")
OWN_AREAS = ("card", "checkin", "suggestions")
MINUS = "−"
# A field's refusal as shown: Element Plus keeps the previous message in the page while it fades out.
SHOWN_ERROR = ".el-form-item__error:not([class*='-leave-'])"


async def person_of(demo: Demo, username: str) -> dict[str, Any]:
    """The account ``username`` signs in with: its name and roster member."""
    accounts = await demo.apis["roster"].get("/accounts")
    account: dict[str, Any] = next(a for a in accounts if a["username"] == username)
    return {"name": account["display_name"], "member_id": account["member_id"]}


async def sign_in_on_page(opened: Opened, username: str, password: str = DEMO_PASSWORD) -> None:
    await opened.ready("signin")
    await opened.page.locator("#username").fill(username)
    await opened.page.locator("#password").fill(password)
    await opened.page.locator("#sign-in-form button[type=submit]").click()


def signed(delta: float) -> str:
    """A change of points as the page writes it: +1, −2, +0.5."""
    value = round(delta, 1)
    text = f"{abs(value):.1f}".removesuffix(".0")
    return f"+{text}" if value > 0 else f"{MINUS}{text}" if value < 0 else text


def sentence(entry: dict[str, Any], timezone: str) -> str:
    """A ledger line of the API as the member must read it: the day, what happened, the points."""
    day = datetime.fromisoformat(entry["occurred_at"]).astimezone(ZoneInfo(timezone))
    return f"{day.month}月{day.day}日 {entry['note']} {signed(entry['delta'])}"


async def clean_view(opened: Opened, view: str, name: str) -> None:
    """The view is ready, shows no code or identifier, and is kept as a screenshot."""
    await opened.ready(view)
    await opened.screenshot(name)
    assert await opened.leaks() == [], f"{name}: codes or identifiers on the page"


@pytest.mark.timeout(BOUND)
@pytest.mark.parametrize(
    ("username", "landing", "role"),
    [("committee", "org", "党委"), ("secretary4", "branch-todo", "支部书记"), ("member4", "me-card", "党员")],
)
async def test_each_person_signs_in_and_lands_where_their_work_is(
    demo: Demo, open_app: OpenApp, username: str, landing: str, role: str
) -> None:
    person = await person_of(demo, username)
    opened = await open_app("/")
    await sign_in_on_page(opened, username)
    await clean_view(opened, landing, f"landing-{username}")

    expected_path = {
        "org": "/org",
        "branch-todo": f"/branch/{demo.branch_ids[BRANCH_FOUR]}/todo",
        "me-card": "/me/card",
    }[landing]
    assert opened.page.url == demo.system.origin + expected_path
    assert await opened.page.locator("[data-person] strong").inner_text() == person["name"]
    assert await opened.page.locator("[data-role]").inner_text() == role
    assert await opened.page.locator("[data-organisation]").inner_text() != "党建工作台", "the organisation's name"
    stored = await opened.page.evaluate("JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage)])")
    assert "token" not in stored.lower(), "the token stays in memory"


@pytest.mark.timeout(BOUND)
async def test_the_menu_shows_only_what_the_role_may_open(demo: Demo, open_app: OpenApp) -> None:
    member = await open_app("/me/card", user="member4")
    await member.ready("me-card")
    assert await member.page.locator(".side .el-menu-item").all_inner_texts() == ["我的积分", "签到", "我的意见建议"]
    organisation = await member.page.locator("[data-organisation]").inner_text()
    name = (await person_of(demo, "member4"))["name"]
    crumbs = member.page.locator(".crumbs .el-breadcrumb__inner")
    await expect(crumbs).to_have_text([organisation, BRANCH_FOUR, name])  # 党委 → 支部 → 党员

    branch = demo.branch_ids[BRANCH_FOUR]
    barred = await open_app(f"/branch/{branch}/todo", user="member4")
    await barred.ready("me-card")  # a member sent to a branch's page lands on their own
    assert barred.page.url.endswith("/me/card")

    secretary = await open_app(f"/branch/{branch}/meetings", user="secretary4")
    await secretary.ready("branch-meetings")
    entries = await secretary.page.locator(".side .el-menu-item").all_inner_texts()
    assert entries[:5] == ["本支部待办", "三会一课", "服务工作", "党员管理", "意见建议"]
    assert "组织概览" not in entries
    crumbs = await secretary.page.locator(".crumbs").inner_text()
    assert BRANCH_FOUR in crumbs, crumbs


@pytest.mark.timeout(BOUND)
async def test_the_members_card_reads_every_ledger_line_of_the_api_as_a_sentence(demo: Demo, open_app: OpenApp) -> None:
    member_id = (await person_of(demo, "member4"))["member_id"]
    card = await demo.apis["scoring"].get(f"/members/{member_id}/score-card")
    entries = await demo.apis["scoring"].all_pages(f"/members/{member_id}/ledger")
    assert entries, "the demo gives member4 ledger lines to read"

    opened = await open_app("/me/card", user="member4")
    await clean_view(opened, "me-card", "me-card-desktop")

    lines = [line.strip() for line in await opened.page.locator("[data-ledger-line]").all_inner_texts()]
    assert lines == [sentence(entry, demo.timezone) for entry in entries]
    total = await opened.page.locator("[data-total]").inner_text()
    assert float(total.replace(MINUS, "-")) == pytest.approx(round(card["total"], 1))
    rank = await opened.page.locator("[data-rank]").inner_text()
    assert rank.strip() == (f"第 {card['rank']} 名 / 共 {card['rank_of']} 人" if card["rank"] else "不参加排名")


@pytest.mark.timeout(BOUND)
async def test_a_member_on_a_phone_has_the_bottom_bar_and_no_sideways_scroll(demo: Demo, open_app: OpenApp) -> None:
    opened = await open_app("/me/card", user="member4", viewport=PHONE)
    await clean_view(opened, "me-card", "me-card-phone")
    bar = opened.page.locator("[data-bottom-bar] a")
    assert [text.strip() for text in await bar.all_inner_texts()] == ["首页", "签到", "我的积分", "意见建议"]
    assert await opened.page.locator(".side").count() == 0, "one column: no side menu"
    assert not await opened.scrolls_sideways()

    await bar.nth(1).click()
    await clean_view(opened, "me-checkin", "me-checkin-phone-bar")
    assert opened.page.url.endswith("/me/checkin")
    assert not await opened.scrolls_sideways()


@pytest.mark.timeout(BOUND)
async def test_every_view_reads_in_chinese_at_desktop_and_phone_size(demo: Demo, open_app: OpenApp) -> None:
    branch = demo.branch_ids[BRANCH_FOUR]
    views = [("committee", "/org", "org")]
    views += [("secretary4", f"/branch/{branch}/{area}", f"branch-{area}") for area in BRANCH_AREAS]
    views += [("member4", f"/me/{area}", f"me-{area}") for area in OWN_AREAS]
    for size, viewport in (("desktop", None), ("phone", PHONE)):
        signin = await open_app("/signin", **({"viewport": viewport} if viewport else {}))
        await clean_view(signin, "signin", f"signin-{size}")
        for user, path, view in views:
            opened = await open_app(path, user=user, **({"viewport": viewport} if viewport else {}))
            await clean_view(opened, view, f"{view}-{size}")
            assert not await opened.scrolls_sideways(), f"{view} at {size} size scrolls sideways"
            empty = opened.page.locator("[data-empty-state]")
            if view != "me-card":
                assert await empty.count() == 1, f"{view}: the empty state says what to do next"


@pytest.mark.timeout(BOUND)
async def test_a_refused_sign_in_says_roster_s_words_under_the_password(demo: Demo, open_app: OpenApp) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        refused = await client.post(
            demo.api_url("roster", "/auth/login"), json={"username": "nobody-here", "password": "wrong-1234"}
        )
    assert refused.status_code == 401

    opened = await open_app("/")
    await sign_in_on_page(opened, "nobody-here", "wrong-1234")
    error = opened.page.locator(f"#sign-in-form {SHOWN_ERROR}")
    await error.wait_for()
    assert (await error.inner_text()).strip() == refused.json()["message"]
    await opened.screenshot("signin-refused")
    assert await opened.leaks() == []


@pytest.mark.timeout(BOUND)
async def test_signing_out_ends_the_session(demo: Demo, open_app: OpenApp) -> None:
    opened = await open_app("/me/card", user="member4")
    await opened.ready("me-card")
    await opened.page.locator("[data-sign-out]").click()
    await opened.ready("signin")
    await opened.page.goto(demo.system.origin + "/me/card")
    await opened.ready("signin")  # the cookie renews nothing any more
    assert "/signin" in opened.page.url


@pytest.mark.timeout(BOUND)
async def test_declining_at_the_identity_provider_leads_back_to_the_sign_in_page_with_why(
    demo: Demo, open_app: OpenApp
) -> None:
    """Roster's page of the failure links to the one address (/?signin_error=…): the workbench's sign-in
    page says why in Chinese and takes it off the address, so a reload does not say it again."""
    opened = await open_app("/")
    page = opened.page
    await page.context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    await opened.ready("signin")
    button = page.locator("#oidc")
    assert (await button.inner_text()).strip() == "企业统一身份认证", "roster's label for the provider"
    await button.click()
    await page.locator("button", has_text="Deny").click()
    await page.locator("[data-error=provider_refused]").wait_for()  # roster's page: 无法登录, and why
    await page.locator("a", has_text="返回登录页").click()

    refusal = page.locator("[data-refusal]")
    await refusal.wait_for()
    assert (await refusal.inner_text()).strip() == "统一身份认证未通过（已取消或被拒绝），请重试"
    await page.wait_for_url(f"{demo.system.origin}/signin")
    await opened.screenshot("signin-provider-declined")
    assert await opened.leaks() == []


@pytest.mark.timeout(BOUND)
async def test_an_initial_password_is_changed_first_with_refusals_under_the_field(
    demo: Demo, open_app: OpenApp
) -> None:
    account = await new_account(demo)
    opened = await open_app("/", viewport=PHONE)
    page = opened.page
    await sign_in_on_page(opened, account["username"], account["initial_password"])
    await page.locator("#password-form").wait_for(state="visible")
    await opened.screenshot("signin-change-password-phone")
    assert await opened.leaks() == []
    error = page.locator(f"#password-form {SHOWN_ERROR}")

    await page.locator("#new-password").fill("Branch-4-2026")
    await page.locator("#confirm-password").fill("Branch-4-2027")
    await page.locator("#password-form button[type=submit]").click()
    await expect(error).to_have_text("两次输入的新密码不一致")

    await page.locator("#new-password").fill("short1")
    await page.locator("#confirm-password").fill("short1")
    await page.locator("#password-form button[type=submit]").click()
    await expect(error).to_have_text("新密码至少 8 位")  # roster's words, under the new password

    await page.locator("#new-password").fill("Branch-4-2026")
    await page.locator("#confirm-password").fill("Branch-4-2026")
    await page.locator("#password-form button[type=submit]").click()
    await opened.ready("me-card")
    assert page.url == f"{demo.system.origin}/me/card", "signed in, on their own card"


@pytest.mark.timeout(BOUND)
async def test_a_refused_token_is_renewed_once_and_the_call_made_again(demo: Demo, open_app: OpenApp) -> None:
    """An access token that lapsed (the API answers 401) is renewed from the session cookie and the call
    is made again with the new one: the person sees their card, not an error."""
    opened = await open_app("/signin", user="member4")
    await opened.ready("signin")
    tokens: list[str | None] = []

    async def lapsed_once(route: Route) -> None:
        tokens.append(route.request.headers.get("authorization"))
        if len(tokens) == 1:
            await route.fulfill(status=401, json={"error": "unauthenticated", "message": "令牌已过期"})
        else:
            await route.continue_()

    refreshes: list[int] = []
    opened.page.on("response", lambda answer: answer.url.endswith("/auth/refresh") and refreshes.append(answer.status))
    await opened.page.route("**/api/scoring/members/*/score-card*", lapsed_once)
    await opened.page.goto(f"{demo.system.origin}/me/card")
    await opened.ready("me-card")

    assert refreshes == [200, 200], "the session resumed when the page loaded, then renewed after the 401"
    assert await opened.page.locator("[data-total]").is_visible()
    assert tokens[-1] != tokens[0], "the call was made again with the renewed token"


@pytest.mark.timeout(BOUND)
async def test_the_english_switch_changes_the_apps_words_and_is_kept(demo: Demo, open_app: OpenApp) -> None:
    opened = await open_app("/me/card", user="member4")
    await opened.ready("me-card")
    await opened.page.locator(".top .el-button", has_text="English").click()
    await expect(opened.page.locator(".side .el-menu-item").first).to_have_text("My points")
    assert await opened.page.evaluate("document.documentElement.lang") == "en"
    await opened.page.reload()
    await opened.ready("me-card")
    await expect(opened.page.locator(".page-title")).to_have_text("My points")
    await opened.page.locator(".top .el-button", has_text="中文").click()
    await expect(opened.page.locator(".page-title")).to_have_text("我的积分")
