"""Party dues (党费) through roster's HTTP API, on a real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from roster.adapters.orm import discipline_records, dues_payments, honours
from roster.domain.calendar import add_months, month_of
from tests.support.roster import create_branch, full_member, refused_without_writing, register, today

RECORDS = (dues_payments, honours, discipline_records)  # with the outbox, what a refused request leaves alone


async def test_paying_dues_stores_the_month_and_records_dues_paid(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    day = today(roster)
    body = {"month": month_of(day), "amount": "12.5", "paid_on": day.isoformat()}

    answer = await roster.http.post(f"/members/{member['id']}/dues", json=body)

    assert answer.status_code == 201, answer.text
    paid = answer.json()
    assert (paid["month"], paid["amount"], paid["paid_on"]) == (month_of(day), "12.50", day.isoformat())
    assert (paid["member_id"], paid["branch_id"]) == (member["id"], member["branch_id"])
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.dues.paid.v1")
    assert [str(event.id)] == paid["event_ids"]
    assert event.subject == member["id"]
    assert event.data == {
        "member_id": member["id"],
        "branch_id": member["branch_id"],
        "month": month_of(day),
        "amount": "12.50",
        "paid_on": day.isoformat(),
    }


async def test_paid_on_defaults_to_today(roster: ServiceClient) -> None:
    member = await full_member(roster.http)

    answer = await roster.http.post(f"/members/{member['id']}/dues", json={"month": "2021-01", "amount": 30})

    assert answer.status_code == 201, answer.text
    assert answer.json()["paid_on"] == today(roster).isoformat()
    assert answer.json()["amount"] == "30.00"


async def test_a_second_payment_for_the_same_month_is_a_conflict(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    url = f"/members/{member['id']}/dues"
    first = await roster.http.post(url, json={"month": "2024-03", "amount": "10.00"})
    assert first.status_code == 201, first.text

    problem = await refused_without_writing(
        roster, "POST", url, {"month": "2024-03", "amount": "11.00"}, 409, "dues_already_paid", watching=RECORDS
    )

    assert "2024-03" in problem["message"]


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"month": "2020-04"}, 422, "dues_before_joining"),
        ({"month": "+13"}, 422, "dues_too_far_ahead"),
        ({"paid_on": "+1"}, 422, "date_in_future"),
        ({"amount": "0"}, 422, "dues_amount"),
        ({"amount": "-3"}, 422, "dues_amount"),
        ({"amount": "12.345"}, 422, "dues_amount"),
        ({"month": "2026-13"}, 422, "invalid_request"),
        ({"amount": "十二元"}, 422, "invalid_request"),
    ],
)
async def test_dues_that_break_a_rule_are_refused_without_writing(
    roster: ServiceClient, changes: dict[str, str], status: int, code: str
) -> None:
    member = await full_member(roster.http)
    day = today(roster)
    body = {"month": month_of(day), "amount": "12.50"} | changes
    if body["month"] == "+13":
        body["month"] = month_of(add_months(day.replace(day=1), 13))
    if body.get("paid_on") == "+1":
        body["paid_on"] = (day + timedelta(days=1)).isoformat()

    await refused_without_writing(roster, "POST", f"/members/{member['id']}/dues", body, status, code, watching=RECORDS)


async def test_dues_may_be_paid_twelve_months_ahead(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    ahead = month_of(add_months(today(roster).replace(day=1), 12))

    answer = await roster.http.post(f"/members/{member['id']}/dues", json={"month": ahead, "amount": "12.50"})

    assert answer.status_code == 201, answer.text


async def test_only_active_party_members_pay_dues(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    activist = await register(
        roster.http, branch["id"], stage="activist", activist_on="2024-01-10", probationary_on=None
    )
    left = await register(roster.http, branch["id"])
    moved = await roster.http.post(
        f"/members/{left['id']}/status",
        json={"status": "transferred_out", "changed_on": "2025-01-01", "reason": "调往外地"},
    )
    assert moved.status_code == 200, moved.text
    body = {"month": "2025-01", "amount": "10"}

    await refused_without_writing(
        roster, "POST", f"/members/{activist['id']}/dues", body, 409, "not_party_member", watching=RECORDS
    )
    await refused_without_writing(
        roster, "POST", f"/members/{left['id']}/dues", body, 409, "member_not_active", watching=RECORDS
    )
    await refused_without_writing(
        roster, "POST", f"/members/{uuid.uuid4()}/dues", body, 404, "member_not_found", watching=RECORDS
    )


async def test_a_year_lists_payments_and_the_ended_months_left_unpaid(roster: ServiceClient) -> None:
    last_year = today(roster).year - 1
    branch = await create_branch(roster.http)
    member = await register(roster.http, branch["id"], stage="probationary", probationary_on=f"{last_year}-03-10")
    for month in (f"{last_year}-05", f"{last_year}-03"):
        paid = await roster.http.post(f"/members/{member['id']}/dues", json={"month": month, "amount": "8.80"})
        assert paid.status_code == 201, paid.text

    answer = await roster.http.get(f"/members/{member['id']}/dues", params={"year": last_year})

    assert answer.status_code == 200, answer.text
    year = answer.json()
    assert year["year"] == last_year
    assert [(p["month"], p["amount"]) for p in year["paid"]] == [
        (f"{last_year}-03", "8.80"),
        (f"{last_year}-05", "8.80"),
    ]
    assert year["unpaid_months"] == [f"{last_year}-{m:02d}" for m in (4, *range(6, 13))]


async def test_this_years_unpaid_months_run_to_the_last_ended_month(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    day = today(roster)

    answer = await roster.http.get(f"/members/{member['id']}/dues")

    assert answer.status_code == 200, answer.text
    assert answer.json()["year"] == day.year
    assert answer.json()["unpaid_months"] == [f"{day.year}-{m:02d}" for m in range(1, day.month)]


async def test_dues_of_an_unknown_member_are_not_found(roster: ServiceClient) -> None:
    answer = await roster.http.get(f"/members/{uuid.uuid4()}/dues")

    assert answer.status_code == 404
    assert answer.json()["error"] == "member_not_found"
