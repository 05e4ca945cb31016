"""The dashboard (scoring's ``/dashboard/``) in Chromium against the four services with the demo
organisation: every view renders, every figure equals the API's, the links lead committee → branch →
member → ledger, the English switch and a phone's width (signing in: test_signing_in.py).

Screenshots of each view go to ``artefacts/dashboard/`` (git-ignored), for a person to look at."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from tests.dashboard.browser import ARTEFACTS, PHONE, OpenDashboard, Opened
from tests.dashboard.figures import (
    Expected,
    branch_view,
    committee_view,
    member_view,
    mismatches,
    readings_matched,
    readings_of,
    shown_figures,
    unchecked,
)
from tests.dashboard.system import Demo

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Route

# The module's services and demo load (a minute or two) are shared, so all tests run on the module's loop;
# the first test's bound includes that set-up.
pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="package")]
BOUND = 480
BRANCH_FOUR = "四支部"  # the report's branch: 40 members, mostly born in the 1960s
_CJK = re.compile(r"[\u4e00-\u9fff]")
IN_VIEW = """selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top < innerHeight && box.bottom > 0;
}"""


async def agrees(opened: Opened, view: str, expected: Expected) -> None:
    """Every figure on the page equals the API's; the comparison is kept beside the screenshots."""
    shown = await shown_figures(opened.page)
    problems = mismatches(shown, expected)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    report = {
        "problems": problems,
        "not in the brief": unchecked(shown, expected),
        "shown": [
            {**vars(figure), "agrees with": readings_matched(figure, expected), "api": readings_of(figure, expected)}
            for figure in shown
        ],
    }
    (ARTEFACTS / f"figures-{view}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    assert problems == [], f"{view} view: {len(problems)} figure(s) differ from the API:\n" + "\n".join(problems)


async def first_ranked_member(demo: Demo, branch_id: str) -> str:
    people = (await demo.apis["scoring"].get(f"/branches/{branch_id}/ranking"))["people"]
    assert people, f"branch {branch_id} has nobody ranked"
    return str(people[0]["member_id"])


@pytest.mark.timeout(BOUND)
async def test_the_committee_view_opens_by_default_and_shows_every_branch_as_the_apis_do(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    opened = await open_dashboard()  # no route: the first party committee
    await opened.ready("committee")
    await opened.screenshot("committee")

    await agrees(opened, "committee", await committee_view(demo.apis, demo.branch_ids.values(), demo.timezone))
    for branch_id in demo.branch_ids.values():
        link = opened.page.locator(f'a[data-nav="branch"][data-branch-id="{branch_id}"]')
        assert await link.count() == 1, f"no link to branch {branch_id} in the committee view"


@pytest.mark.timeout(BOUND)
async def test_the_branch_view_shows_the_reports_branch_as_the_apis_do(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    branch_id = demo.branch_ids[BRANCH_FOUR]
    opened = await open_dashboard(f"#/branch/{branch_id}")
    await opened.ready("branch")
    await opened.screenshot("branch")

    statistics = await demo.apis["roster"].get(f"/org-units/{branch_id}/statistics")
    # The demo's picture of the report, as the API gives it; the page is then held to the API.
    assert statistics["party_members"] == 40
    decades = statistics["birth_decades"]
    assert decades["1960s"]["count"] == max(share["count"] for share in decades.values())
    await agrees(opened, "branch", await branch_view(demo.apis, branch_id))
    count = opened.page.locator('[data-figure="member-count"]').first
    assert (await count.text_content() or "").strip() == str(statistics["party_members"])


@pytest.mark.timeout(BOUND)
async def test_the_member_view_shows_the_score_card_and_every_ledger_row(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    member_id = await first_ranked_member(demo, demo.branch_ids[BRANCH_FOUR])
    opened = await open_dashboard(f"#/member/{member_id}")
    await opened.ready("member")
    await opened.screenshot("member")

    await agrees(opened, "member", await member_view(demo.apis, member_id))
    rows = await opened.page.locator("#ledger [data-ledger-entry]").count()
    ledger_count = await opened.page.locator('[data-figure="ledger-count"]').first.text_content()
    assert str(rows) == (ledger_count or "").strip(), f"ledger-count says {ledger_count!r}, {rows} rows shown"


@pytest.mark.timeout(BOUND)
async def test_links_lead_from_the_committee_to_a_branch_a_member_and_the_ledger(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    branch_id = demo.branch_ids[BRANCH_FOUR]
    opened = await open_dashboard(f"#/committee/{demo.committee_id}")
    page = opened.page
    await opened.ready("committee")

    await page.locator(f'a[data-nav="branch"][data-branch-id="{branch_id}"]').first.click()
    await opened.ready("branch")
    assert f"#/branch/{branch_id}" in page.url

    member = page.locator('a[data-nav="member"][data-member-id]').first
    member_id = await member.get_attribute("data-member-id")
    await member.click()
    await opened.ready("member")
    assert f"#/member/{member_id}" in page.url
    await agrees(opened, "member-after-clicks", await member_view(demo.apis, str(member_id)))

    await page.locator('a[data-nav="ledger"]').first.click()
    await page.locator("#ledger").wait_for(state="visible")
    await page.wait_for_function(IN_VIEW, arg="#ledger")  # scrolled to, perhaps smoothly


@pytest.mark.timeout(BOUND)
async def test_the_english_switch_changes_the_labels_and_the_page_language(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    opened = await open_dashboard(f"#/committee/{demo.committee_id}")
    page = opened.page
    await opened.ready("committee")
    chinese = await page.evaluate("document.body.innerText")
    figures = await shown_figures(page)
    assert (await page.evaluate("document.documentElement.lang")).startswith("zh")

    await page.locator("button#lang").click()
    await page.wait_for_function("document.documentElement.lang.startsWith('en')")
    await opened.ready("committee")  # the view may be drawn again in the new language
    english = await page.evaluate("document.body.innerText")
    await opened.screenshot("committee-en")

    # Names of branches and people stay Chinese; the labels around them do not.
    assert len(_CJK.findall(english)) < len(_CJK.findall(chinese)) / 2, english[:500]
    assert await shown_figures(page) == figures, "the figures changed with the language"
    await page.locator("button#lang").click()
    await page.wait_for_function("document.documentElement.lang.startsWith('zh')")
    await opened.ready("committee")
    assert await page.evaluate("document.body.innerText") == chinese


@pytest.mark.timeout(BOUND)
async def test_a_phone_shows_the_committee_view_without_scrolling_sideways(
    demo: Demo, open_dashboard: OpenDashboard
) -> None:
    opened = await open_dashboard(f"#/committee/{demo.committee_id}", viewport=PHONE)
    await opened.ready("committee")
    await opened.screenshot("committee-mobile")

    width = await opened.page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width} px wide on a {PHONE['width']} px screen"


@pytest.mark.timeout(BOUND)
async def test_why_opens_the_explanation_of_a_figure(demo: Demo, open_dashboard: OpenDashboard) -> None:
    opened = await open_dashboard(f"#/committee/{demo.committee_id}")
    page = opened.page
    await opened.ready("committee")

    await page.locator("[data-why]").first.click()
    panel = page.locator("#why-panel")
    await panel.wait_for(state="visible")
    assert (await panel.inner_text()).strip(), "the explanation panel is empty"


@pytest.mark.timeout(BOUND)
async def test_a_figure_the_page_gets_wrong_is_caught(demo: Demo, open_dashboard: OpenDashboard) -> None:
    """The comparison can fail: branch 4's assessment reaches the browser with another total and stars."""
    branch_id = demo.branch_ids[BRANCH_FOUR]

    async def altered(route: Route) -> None:
        answer = await route.fetch()
        body = await answer.json()
        await route.fulfill(
            response=answer, json={**body, "total": body["total"] + 1.25, "stars": (body["stars"] + 1) % 6}
        )

    async def prepare(context: BrowserContext) -> None:
        await context.route(lambda url: url.endswith(f"/branches/{branch_id}/assessment"), altered)

    opened = await open_dashboard(f"#/committee/{demo.committee_id}", prepare=prepare)
    await opened.ready("committee")
    expected = await committee_view(demo.apis, demo.branch_ids.values(), demo.timezone)

    problems = mismatches(await shown_figures(opened.page), expected)
    assert sorted(problem.split(":")[0] for problem in problems) == [
        f"branch-stars [{branch_id}]",
        f"branch-total [{branch_id}]",
    ], problems
