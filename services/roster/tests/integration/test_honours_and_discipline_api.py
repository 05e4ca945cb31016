"""Honours and disciplinary records through roster's HTTP API, on a real PostgreSQL."""

from __future__ import annotations

import uuid

from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from roster.adapters.orm import discipline_records, dues_payments, honours
from tests.support.roster import (
    create_branch,
    create_org_unit,
    full_member,
    refused_without_writing,
    register,
    tomorrow,
)

RECORDS = (dues_payments, honours, discipline_records)  # with the outbox, what a refused request leaves alone


# Honours (表彰)


async def test_a_members_honour_counts_for_their_branch(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    body = {
        "subject_kind": "member",
        "member_id": member["id"],
        "level": "provincial",
        "title": "优秀共产党员",
        "awarded_on": "2025-07-01",
    }

    answer = await roster.http.post("/honours", json=body)

    assert answer.status_code == 201, answer.text
    honour = answer.json()
    assert honour["branch_id"] == member["branch_id"]
    fetched = await roster.http.get(answer.headers["location"])
    assert fetched.json() == {k: v for k, v in honour.items() if k != "event_ids"}
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.honour.recorded.v1")
    assert [str(event.id)] == honour["event_ids"]
    assert event.data == {
        "honour_id": honour["id"],
        "subject_kind": "member",
        "member_id": member["id"],
        "branch_id": member["branch_id"],
        "level": "provincial",
        "title": "优秀共产党员",
        "awarded_on": "2025-07-01",
    }


async def test_a_branch_is_honoured_in_its_own_name(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    body = {
        "subject_kind": "branch",
        "branch_id": branch["id"],
        "level": "national",
        "title": "全国先进基层党组织",
        "awarded_on": "2024-06-28",
    }

    answer = await roster.http.post("/honours", json=body)

    assert answer.status_code == 201, answer.text
    assert (answer.json()["member_id"], answer.json()["branch_id"]) == (None, branch["id"])
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.honour.recorded.v1")
    assert event.data["subject_kind"] == "branch"
    assert event.data.get("member_id") is None
    assert event.data["level"] == "national"


async def test_honours_are_listed_by_branch_member_and_year(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    other = await full_member(roster.http)
    awards = [
        {"subject_kind": "member", "member_id": member["id"], "awarded_on": "2024-07-01", "title": "优秀党员"},
        {"subject_kind": "branch", "branch_id": member["branch_id"], "awarded_on": "2025-06-30", "title": "先进支部"},
        {"subject_kind": "member", "member_id": other["id"], "awarded_on": "2025-07-01", "title": "岗位能手"},
    ]
    for award in awards:
        created = await roster.http.post("/honours", json=award | {"level": "factory"})
        assert created.status_code == 201, created.text

    of_branch = (await roster.http.get("/honours", params={"branch_id": member["branch_id"]})).json()
    of_member = (await roster.http.get("/honours", params={"member_id": member["id"]})).json()
    of_2025 = (await roster.http.get("/honours", params={"year": 2025})).json()

    assert [h["title"] for h in of_branch["items"]] == ["先进支部", "优秀党员"]  # newest first
    assert of_branch["total"] == 2
    assert [h["title"] for h in of_member["items"]] == ["优秀党员"]
    assert [h["title"] for h in of_2025["items"]] == ["岗位能手", "先进支部"]


async def test_honours_that_break_a_rule_are_refused_without_writing(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:6]}")
    empty_branch = await create_org_unit(roster.http, "branch", "已撤销支部", committee["id"])
    dissolved = await roster.http.post(f"/org-units/{empty_branch['id']}/dissolve", json={})
    assert dissolved.status_code == 200, dissolved.text
    future = tomorrow(roster).isoformat()
    base = {"level": "factory", "title": "先进", "awarded_on": "2025-01-01"}
    cases = [
        ({"subject_kind": "member"}, 422, "honour_subject_mismatch"),
        (
            {"subject_kind": "member", "member_id": member["id"], "branch_id": member["branch_id"]},
            422,
            "honour_subject_mismatch",
        ),
        ({"subject_kind": "branch", "member_id": member["id"]}, 422, "honour_subject_mismatch"),
        ({"subject_kind": "member", "member_id": str(uuid.uuid4())}, 422, "unknown_member"),
        ({"subject_kind": "branch", "branch_id": str(uuid.uuid4())}, 422, "unknown_org_unit"),
        ({"subject_kind": "branch", "branch_id": committee["id"]}, 422, "wrong_org_unit_kind"),
        ({"subject_kind": "branch", "branch_id": empty_branch["id"]}, 409, "org_unit_dissolved"),
        ({"subject_kind": "member", "member_id": member["id"], "awarded_on": future}, 422, "date_in_future"),
        ({"subject_kind": "member", "member_id": member["id"], "level": "county"}, 422, "invalid_request"),
    ]
    for changes, status, code in cases:
        await refused_without_writing(roster, "POST", "/honours", base | changes, status, code, watching=RECORDS)


async def test_an_unknown_honour_is_not_found(roster: ServiceClient) -> None:
    answer = await roster.http.get(f"/honours/{uuid.uuid4()}")

    assert answer.status_code == 404
    assert answer.json()["error"] == "honour_not_found"


# Discipline (党纪处分)


async def test_a_sanction_is_recorded_and_the_member_stays_on_the_roster(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    body = {"level": "serious_warning", "decided_on": "2025-09-01", "reason": "违反工作纪律"}

    answer = await roster.http.post(f"/members/{member['id']}/discipline", json=body)

    assert answer.status_code == 201, answer.text
    record = answer.json()
    assert (record["member_status"], record["branch_id"], record["criminal_conviction"]) == (
        "active",
        member["branch_id"],
        False,
    )
    [event] = await outbox_events(roster.runtime.engine, "bastion.roster.discipline.recorded.v1")
    assert [str(event.id)] == record["event_ids"]
    assert event.data == {
        "record_id": record["id"],
        "member_id": member["id"],
        "branch_id": member["branch_id"],
        "level": "serious_warning",
        "decided_on": "2025-09-01",
        "reason": "违反工作纪律",
        "criminal_conviction": False,
    }
    published = {k: v for k, v in record.items() if k not in ("event_ids", "member_status")}
    assert (await roster.http.get(f"/discipline-records/{record['id']}")).json() == published
    assert (await roster.http.get(f"/members/{member['id']}/discipline")).json() == [published]
    assert (await roster.http.get(f"/members/{member['id']}")).json()["status"] == "active"


async def test_expulsion_records_the_sanction_and_expels_in_one_transaction(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    body = {"level": "expulsion", "decided_on": "2025-10-15", "reason": "严重违纪", "criminal_conviction": True}

    answer = await roster.http.post(f"/members/{member['id']}/discipline", json=body)

    assert answer.status_code == 201, answer.text
    assert answer.json()["member_status"] == "expelled"
    recorded = await outbox_events(roster.runtime.engine)
    sanction, status_change = recorded[-2:]
    assert [str(sanction.id), str(status_change.id)] == answer.json()["event_ids"]
    assert sanction.type == "bastion.roster.discipline.recorded.v1"
    assert sanction.data["criminal_conviction"] is True
    assert status_change.type == "bastion.roster.member.status_changed.v1"
    assert status_change.data["member"]["status"] == "expelled"
    assert status_change.data["previous_status"] == "active"
    assert status_change.data["changed_on"] == "2025-10-15"
    fetched = (await roster.http.get(f"/members/{member['id']}")).json()
    assert (fetched["status"], fetched["status_changed_on"]) == ("expelled", "2025-10-15")
    again = await refused_without_writing(
        roster, "POST", f"/members/{member['id']}/discipline", body, 409, "member_not_active", watching=RECORDS
    )
    assert "开除党籍" in again["message"]


async def test_sanctions_that_break_a_rule_are_refused_without_writing(roster: ServiceClient) -> None:
    member = await full_member(roster.http)
    activist = await register(
        roster.http, member["branch_id"], stage="activist", activist_on="2024-01-10", probationary_on=None
    )
    future = tomorrow(roster).isoformat()
    base = {"level": "warning", "decided_on": "2025-01-01", "reason": "违反纪律"}
    cases = [
        (activist["id"], {}, 409, "not_party_member"),
        (member["id"], {"decided_on": future}, 422, "date_in_future"),
        (member["id"], {"level": "expulsion", "decided_on": future}, 422, "date_in_future"),
        (member["id"], {"decided_on": "2020-04-30"}, 422, "date_before_joining"),
        (member["id"], {"level": "reprimand"}, 422, "invalid_request"),
        (member["id"], {"reason": "  "}, 422, "invalid_request"),
        (str(uuid.uuid4()), {}, 404, "member_not_found"),
    ]
    for member_id, changes, status, code in cases:
        await refused_without_writing(
            roster, "POST", f"/members/{member_id}/discipline", base | changes, status, code, watching=RECORDS
        )
    assert (await roster.http.get(f"/members/{member['id']}")).json()["status"] == "active"


async def test_unknown_discipline_records_are_not_found(roster: ServiceClient) -> None:
    record = await roster.http.get(f"/discipline-records/{uuid.uuid4()}")
    listing = await roster.http.get(f"/members/{uuid.uuid4()}/discipline")

    assert (record.status_code, record.json()["error"]) == (404, "discipline_record_not_found")
    assert (listing.status_code, listing.json()["error"]) == (404, "member_not_found")
