"""三会一课 完成情况 through the API: required against held per branch and period, rules, gaps."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from activity.adapters.orm import compliance_rules
from bastion.testing import ServiceClient
from bastion.testing.writes import rows_written
from tests.support.activity import SeededBranch, hold, schedule, seed_branch

MONTHS_OF_Q3 = ("2026-07", "2026-08", "2026-09")


def refused(answer: httpx.Response, status: int, code: str) -> None:
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text


async def held_at(client: ServiceClient, organiser: uuid.UUID, kind: str, start: str, **changes: Any) -> dict[str, Any]:
    """An activity planned for ``start`` (local time without a zone) and held then."""
    return await hold(client.http, await schedule(client.http, organiser, kind, planned_start=start, **changes))


async def hold_q3(client: ServiceClient, seeded: SeededBranch, *, committee_meetings: int = 3) -> None:
    """What 2026-Q3 and 2026 require of the branch, with ``committee_meetings`` committee meetings."""
    branch = seeded.branch_id
    for month in MONTHS_OF_Q3[:committee_meetings]:
        await held_at(client, branch, "committee_meeting", f"{month}-05T09:00:00")
    for month in MONTHS_OF_Q3:
        await held_at(client, branch, "theme_day", f"{month}-15T14:00:00")
        for group in seeded.groups:
            await held_at(client, group, "group_meeting", f"{month}-20T16:00:00")
    await held_at(client, branch, "branch_assembly", "2026-08-25T09:00:00")
    await held_at(client, branch, "party_lesson", "2026-09-25T09:00:00", lecturer_id=seeded.members[0])
    await held_at(client, branch, "org_life_meeting", "2026-01-20T09:00:00")
    await held_at(client, branch, "member_appraisal", "2026-01-21T09:00:00")


async def compliance_of(client: ServiceClient, branch_id: uuid.UUID, period: str | None = None) -> dict[str, Any]:
    params = {"period": period} if period else {}
    answer = await client.http.get(f"/org-units/{branch_id}/compliance", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def items_of(compliance: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["kind"]: item for item in compliance["items"]}


async def test_a_quarter_with_one_committee_meeting_missing(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    await hold_q3(activity, seeded, committee_meetings=2)

    found = await compliance_of(activity, seeded.branch_id, "2026-Q3")

    items = items_of(found)
    committee = items.pop("committee_meeting")
    assert (committee["required"], committee["held"], committee["missing"], committee["complete"]) == (3, 2, 1, False)
    assert all(item["complete"] for item in items.values()), items
    assert {kind: (item["required"], item["held"]) for kind, item in items.items()} == {
        "branch_assembly": (1, 1),
        "group_meeting": (6, 6),
        "party_lesson": (1, 1),
        "theme_day": (3, 3),
        "org_life_meeting": (1, 1),
        "member_appraisal": (1, 1),
    }
    assert [(g["name"], g["required"], g["held"]) for g in items["group_meeting"]["groups"]] == [
        ("第1小组", 3, 3),
        ("第2小组", 3, 3),
    ]
    yearly = items["org_life_meeting"]
    assert (yearly["period"], yearly["window"], yearly["in_totals"]) == ("year", "2026", False)
    assert (committee["period"], committee["window"], committee["in_totals"]) == ("quarter", "2026-Q3", True)
    assert (found["required"], found["held"], found["missing"], found["complete"]) == (14, 13, 1, False)
    assert (found["period"], found["period_kind"], found["starts_on"], found["ends_on"]) == (
        "2026-Q3",
        "quarter",
        "2026-07-01",
        "2026-09-30",
    )
    assert (found["organisation_id"], found["in_progress"]) == (str(seeded.committee_id), False)


async def test_months_and_years_are_reckoned_too(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    await hold_q3(activity, seeded)

    august = await compliance_of(activity, seeded.branch_id, "2026-08")
    year = await compliance_of(activity, seeded.branch_id, "2026")

    assert (august["complete"], august["required"], august["held"]) == (True, 4, 4)  # committee, theme day, 2 groups
    assert (items_of(august)["branch_assembly"]["window"], items_of(august)["branch_assembly"]["in_totals"]) == (
        "2026-Q3",
        False,
    )
    figures = {kind: (item["required"], item["held"]) for kind, item in items_of(year).items()}
    today = datetime.now(ZoneInfo(activity.runtime.settings.timezone)).date()
    months = 12 if today.year > 2026 else today.month  # a year still running requires the months begun so far
    quarters = (months - 1) // 3 + 1
    assert figures == {
        "branch_assembly": (quarters, 1),
        "committee_meeting": (months, 3),
        "group_meeting": (2 * months, 6),
        "party_lesson": (quarters, 1),
        "theme_day": (months, 3),
        "org_life_meeting": (1, 1),
        "member_appraisal": (1, 1),
    }
    assert year["missing"] == (quarters - 1) * 2 + (months - 3) * 4
    assert year["in_progress"] is (today.year == 2026)


async def test_held_counts_by_the_local_day_and_only_held_approved_or_returned(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    first = await held_at(activity, seeded.branch_id, "committee_meeting", "2026-07-01T00:30:00")  # 06-30 in UTC
    await held_at(activity, seeded.branch_id, "committee_meeting", "2026-10-01T07:00:00")  # 09-30 in UTC
    approved = await held_at(activity, seeded.branch_id, "theme_day", "2026-07-02T09:00:00")
    returned = await held_at(activity, seeded.branch_id, "theme_day", "2026-07-03T09:00:00")
    await activity.http.post(f"/activities/{approved['id']}/approve", json={})
    await activity.http.post(f"/activities/{returned['id']}/return", json={"reason": "记录不完整"})
    await schedule(activity.http, seeded.branch_id, "theme_day", planned_start="2026-07-04T09:00:00")  # never held
    cancelled = await schedule(activity.http, seeded.branch_id, "theme_day", planned_start="2026-07-05T09:00:00")
    await activity.http.post(f"/activities/{cancelled['id']}/cancel", json={"reason": "停产检修"})

    q3 = items_of(await compliance_of(activity, seeded.branch_id, "2026-Q3"))
    q4 = items_of(await compliance_of(activity, seeded.branch_id, "2026-Q4"))

    assert datetime.fromisoformat(first["held_start"]).astimezone(ZoneInfo("UTC")).date() == date(2026, 6, 30)
    assert (q3["committee_meeting"]["held"], q4["committee_meeting"]["held"]) == (1, 1)
    assert q3["theme_day"]["held"] == 2


async def test_an_organisations_rule_changes_the_figures_of_its_branches_only(activity: ServiceClient) -> None:
    seeded, other = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    await hold_q3(activity, seeded)
    await hold_q3(activity, other)
    rules_url = f"/organisations/{seeded.committee_id}/compliance-rules"
    defaults = (await activity.http.get(rules_url)).json()

    answer = await activity.http.put(f"{rules_url}/party_lesson", json={"period": "month", "required": 2})
    await activity.http.put(f"{rules_url}/group_meeting", json={"period": "quarter", "required": 2})
    await activity.http.put(f"{rules_url}/group_meeting", json={"period": "quarter", "required": 1})

    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "kind": "party_lesson",
        "label_zh": "党课",
        "period": "month",
        "required": 2,
        "per_group": False,
        "configured": True,
        "organisation_id": str(seeded.committee_id),
        "event_ids": [],
    }
    assert [(r["kind"], r["period"], r["required"], r["configured"]) for r in defaults["rules"]] == [
        ("branch_assembly", "quarter", 1, False),
        ("committee_meeting", "month", 1, False),
        ("group_meeting", "month", 1, False),
        ("party_lesson", "quarter", 1, False),
        ("theme_day", "month", 1, False),
        ("org_life_meeting", "year", 1, False),
        ("member_appraisal", "year", 1, False),
    ]
    configured = {r["kind"]: r for r in (await activity.http.get(rules_url)).json()["rules"]}
    assert (configured["group_meeting"]["required"], configured["group_meeting"]["per_group"]) == (1, True)
    changed = items_of(await compliance_of(activity, seeded.branch_id, "2026-Q3"))
    unchanged = await compliance_of(activity, other.branch_id, "2026-Q3")
    assert (changed["party_lesson"]["required"], changed["party_lesson"]["missing"]) == (6, 5)
    assert (changed["group_meeting"]["required"], changed["group_meeting"]["missing"]) == (2, 0)
    assert unchanged["complete"]


async def test_rule_changes_are_checked_and_a_refusal_writes_nothing(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    rules_url = f"/organisations/{seeded.committee_id}/compliance-rules"
    before = await rows_written(activity.runtime.engine, compliance_rules)

    cases = [
        (f"{rules_url}/training", {"period": "month", "required": 1}, 422, "not_a_compliance_kind"),
        (f"{rules_url}/theme_day", {"period": "month", "required": 101}, 422, "required_range"),
        (f"{rules_url}/theme_day", {"period": "month", "required": -1}, 422, "invalid_request"),
        (f"{rules_url}/theme_day", {"period": "week", "required": 1}, 422, "invalid_request"),
        (f"{rules_url}/no_such_kind", {"period": "month", "required": 1}, 422, "invalid_request"),
        (
            f"/organisations/{seeded.branch_id}/compliance-rules/theme_day",
            {"period": "month", "required": 1},
            422,
            "not_top_organisation",
        ),
        (
            f"/organisations/{uuid.uuid4()}/compliance-rules/theme_day",
            {"period": "month", "required": 1},
            404,
            "org_unit_not_found",
        ),
    ]
    for url, body, status, code in cases:
        refused(await activity.http.put(url, json=body), status, code)
    assert await rows_written(activity.runtime.engine, compliance_rules) == before
    refused(await activity.http.get(f"/organisations/{seeded.branch_id}/compliance-rules"), 422, "not_top_organisation")


async def test_a_period_must_be_well_formed_and_begun_and_the_unit_a_branch(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    today = datetime.now(ZoneInfo(activity.runtime.settings.timezone)).date()
    next_month = (today.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    url = f"/org-units/{seeded.branch_id}/compliance"

    for period in ("2026-13", "2026-Q5", "Q3-2026", "2026-7"):
        refused(await activity.http.get(url, params={"period": period}), 422, "invalid_period")
    for period in (next_month, "2099", "2099-Q1"):
        refused(await activity.http.get(url, params={"period": period}), 422, "period_in_future")
    refused(await activity.http.get(f"/org-units/{uuid.uuid4()}/compliance"), 404, "org_unit_not_found")
    refused(await activity.http.get(f"/org-units/{next(iter(seeded.groups))}/compliance"), 422, "wrong_org_unit_kind")
    refused(await activity.http.get(f"/org-units/{seeded.committee_id}/compliance/gaps"), 422, "wrong_org_unit_kind")
    current = await compliance_of(activity, seeded.branch_id)
    assert (current["period"], current["in_progress"], current["as_of"]) == (
        f"{today.year}-Q{(today.month - 1) // 3 + 1}",
        True,
        today.isoformat(),
    )


async def test_gaps_say_what_is_missing_this_month_and_this_quarter(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    zone = ZoneInfo(activity.runtime.settings.timezone)
    now = datetime.now(zone)
    start = max(now.replace(day=1, hour=0, minute=0, second=0, microsecond=0), now - timedelta(minutes=1))
    first_group, second_group = seeded.groups
    for organiser, kind in (
        (seeded.branch_id, "committee_meeting"),
        (seeded.branch_id, "theme_day"),
        (first_group, "group_meeting"),
    ):
        await held_at(activity, organiser, kind, start.isoformat())

    answer = await activity.http.get(f"/org-units/{seeded.branch_id}/compliance/gaps")

    assert answer.status_code == 200, answer.text
    found = answer.json()
    month, quarter = f"{now.year}-{now.month:02d}", f"{now.year}-Q{(now.month - 1) // 3 + 1}"
    assert (found["month"], found["quarter"], found["as_of"]) == (month, quarter, now.date().isoformat())
    gaps = {(g["period"], g["kind"]): g for g in found["gaps"]}
    months_begun = (now.month - 1) % 3 + 1
    expected = {
        (month, "group_meeting"),
        (quarter, "group_meeting"),
        (quarter, "branch_assembly"),
        (quarter, "party_lesson"),
    }
    if months_begun > 1:
        expected |= {(quarter, "committee_meeting"), (quarter, "theme_day")}
    assert set(gaps) == expected
    month_groups = gaps[(month, "group_meeting")]
    assert (month_groups["required"], month_groups["held"], month_groups["missing"], month_groups["label_zh"]) == (
        2,
        1,
        1,
        "党小组会",
    )
    assert [g["group_id"] for g in month_groups["groups"]] == [str(second_group)]
    assert gaps[(quarter, "party_lesson")]["missing"] == 1
