"""签到 on a phone: the secretary issues a meeting's check-in code (through the API), the member types it
or opens the meeting's QR address and confirms with one tap, and activity records them present; a wrong
code gets activity's own words under the field."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.async_api import expect

from tests.dashboard.browser import PHONE
from tests.dashboard.system import Demo
from tests.support.activity import activity_body
from tests.web.browser import OpenApp, Opened
from tests.web.test_workbench import BOUND, BRANCH_FOUR, SHOWN_ERROR, clean_view, person_of

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="package")]
CODE = "#check-in-code"
SUBMIT = "#check-in-form button[type=submit]"


async def meeting_with_code(demo: Demo, member_id: str, title: str) -> tuple[dict[str, Any], str]:
    """A 四支部 branch assembly starting in an hour that ``member_id`` is expected at, and its code."""
    start = (datetime.now().astimezone() + timedelta(hours=1)).isoformat()
    body = activity_body(demo.branch_ids[BRANCH_FOUR], "branch_assembly", title=title, planned_start=start)
    meeting: dict[str, Any] = await demo.apis["activity"].post("/activities", {**body, "expected_ids": [member_id]})
    issued = await demo.apis["activity"].post(f"/activities/{meeting['id']}/check-in-codes", {})
    return meeting, issued["code"]


async def own_line(demo: Demo, meeting: dict[str, Any], member_id: str) -> dict[str, Any]:
    sheet = await demo.apis["activity"].get(f"/activities/{meeting['id']}/attendance")
    line: dict[str, Any] = next(p for p in sheet["people"] if p["member_id"] == member_id)
    return line


async def checked_in(opened: Opened, name: str) -> None:
    done = opened.page.locator("[data-checked-in]")
    await done.wait_for()
    await expect(done.locator(".el-result__title")).to_have_text("签到成功")
    await expect(opened.page.locator("[data-checked-in-state]")).to_have_text("已记为出席")
    await opened.screenshot(name)
    assert await opened.leaks() == [], f"{name}: codes or identifiers on the page"
    assert not await opened.scrolls_sideways()


@pytest.mark.timeout(BOUND)
async def test_a_member_types_the_code_and_a_wrong_one_gets_activitys_words(demo: Demo, open_app: OpenApp) -> None:
    member_id = (await person_of(demo, "member4"))["member_id"]
    meeting, code = await meeting_with_code(demo, member_id, "签到测试：支部党员大会")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    async with httpx.AsyncClient(timeout=10) as client:
        refused = await client.post(
            demo.api_url("activity", f"/activities/{meeting['id']}/check-in"),
            json={"member_id": member_id, "code": wrong},
            headers={"Authorization": f"Bearer {demo.token}"},
        )
    assert refused.status_code == 422, refused.text

    opened = await open_app(f"/me/checkin?activity={meeting['id']}", user="member4", viewport=PHONE)
    await clean_view(opened, "me-checkin", "me-checkin-phone-form")
    page = opened.page
    assert await page.locator(CODE).get_attribute("inputmode") == "numeric", "the phone shows its number pad"
    await expect(page.locator(SUBMIT)).to_be_disabled()

    await page.locator(CODE).fill(wrong)
    await page.locator(SUBMIT).click()
    await expect(page.locator(f"#check-in-form {SHOWN_ERROR}")).to_have_text(refused.json()["message"])
    await opened.screenshot("me-checkin-phone-refused")
    assert await opened.leaks() == []
    assert (await own_line(demo, meeting, member_id))["state"] is None, "a wrong code records nothing"

    await page.locator(CODE).fill(code)
    await expect(page.locator(f"#check-in-form {SHOWN_ERROR}")).to_have_count(0)
    await page.locator(SUBMIT).click()
    await checked_in(opened, "me-checkin-phone-done")
    line = await own_line(demo, meeting, member_id)
    assert (line["state"], line["source"]) == ("present", "self_check_in")


@pytest.mark.timeout(BOUND)
async def test_the_qr_address_fills_the_code_in_and_one_tap_checks_in(demo: Demo, open_app: OpenApp) -> None:
    member_id = (await person_of(demo, "member4"))["member_id"]
    meeting, code = await meeting_with_code(demo, member_id, "签到测试：扫码签到")

    opened = await open_app(f"/me/checkin?activity={meeting['id']}&code={code}", user="member4", viewport=PHONE)
    await clean_view(opened, "me-checkin", "me-checkin-phone-scanned")
    page = opened.page
    await expect(page.locator(CODE)).to_have_value(code)
    await expect(page.locator(SUBMIT)).to_have_text("确认签到")
    await page.locator(SUBMIT).click()
    await checked_in(opened, "me-checkin-phone-scanned-done")
    assert (await own_line(demo, meeting, member_id))["state"] == "present"
