"""Service work through the API: service records of visits and shifts, learning hours, QC projects."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from activity.adapters.orm import learning_hours, qc_projects, service_records
from bastion.clock import local_today
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.roster import MemberRegistered, ServedDepartmentAdded, ServedDepartmentRemoved
from bastion_contracts.vocabulary import MemberStatus
from tests.support.activity import SeededBranch, apply, hold, person, schedule, seed_branch

SERVICE_KINDS = ("door_to_door_visit", "mobile_service_post_shift")
SERVICE_RECORDED = "bastion.activity.service.recorded.v1"
LEARNING_RECORDED = "bastion.activity.learning_hours.recorded.v1"


def refused(answer: httpx.Response, status: int, code: str) -> None:
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text


def today(client: ServiceClient) -> date:  # where the organisation is
    return local_today(client.runtime.settings.timezone)


async def written(client: ServiceClient) -> dict[str, int]:
    return await rows_written(client.runtime.engine, service_records, learning_hours, qc_projects)


async def held_service(client: ServiceClient, seeded: SeededBranch, kind: str = "door_to_door_visit") -> dict[str, Any]:
    post = {"service_post_id": seeded.service_post_id} if kind == "mobile_service_post_shift" else {}
    return await hold(client.http, await schedule(client.http, seeded.branch_id, kind, **post))


def service_body(seeded: SeededBranch, **changes: Any) -> dict[str, Any]:
    members = [str(m) for m in seeded.members[:2]]
    return {"department_ids": [str(seeded.departments[0])], "member_ids": members, "hours": 2.5} | changes


# --- service records -------------------------------------------------------------------------


async def test_a_visit_records_whom_it_served_and_announces_it(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    visit = await held_service(activity, seeded)

    answer = await activity.http.post(f"/activities/{visit['id']}/service-records", json=service_body(seeded))

    assert answer.status_code == 201, answer.text
    record = answer.json()
    assert answer.headers["location"] == f"/service-records/{record['id']}"
    [event] = await outbox_events(activity.runtime.engine, SERVICE_RECORDED)
    assert record["event_ids"] == [str(event.id)]
    assert event.data == {
        "record_id": record["id"],
        "activity_id": visit["id"],
        "kind": "door_to_door_visit",
        "branch_id": str(seeded.branch_id),
        "service_post_id": None,
        "department_ids": [str(seeded.departments[0])],
        "member_ids": [str(m) for m in seeded.members[:2]],
        "hours": "2.5",
        "served_at": event.data["served_at"],
    }
    assert datetime.fromisoformat(event.data["served_at"]) == datetime.fromisoformat(visit["held_start"])
    fetched = (await activity.http.get(f"/service-records/{record['id']}")).json()
    assert fetched == {k: v for k, v in record.items() if k != "event_ids"}
    assert (await activity.http.get(f"/activities/{visit['id']}/service-records")).json() == [fetched]


async def test_a_post_shift_serves_departments_of_its_post_once_approved_too(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    shift = await held_service(activity, seeded, "mobile_service_post_shift")
    await activity.http.post(f"/activities/{shift['id']}/approve", json={})
    served_at = (datetime.now().astimezone() - timedelta(hours=3)).isoformat()

    answer = await activity.http.post(
        f"/activities/{shift['id']}/service-records",
        json=service_body(seeded, department_ids=[str(d) for d in seeded.departments], hours=4, served_at=served_at),
    )

    assert answer.status_code == 201, answer.text
    [event] = await outbox_events(activity.runtime.engine, SERVICE_RECORDED)
    expected = {"kind": "mobile_service_post_shift", "service_post_id": str(seeded.service_post_id), "hours": "4.0"}
    assert {key: event.data[key] for key in expected} == expected
    assert datetime.fromisoformat(event.data["served_at"]) == datetime.fromisoformat(served_at)


async def lapsed_member(client: ServiceClient, seeded: SeededBranch) -> uuid.UUID:
    """Someone roster announced as no longer active (自行脱党)."""
    lapsed = person(uuid.uuid4(), seeded.branch_id, "脱党者", status=MemberStatus.LAPSED)
    await apply(client.runtime, [MemberRegistered(member=lapsed)])
    return lapsed.member_id


async def odd_departments(client: ServiceClient, seeded: SeededBranch) -> tuple[uuid.UUID, uuid.UUID]:
    """A department of the branch its service post does not serve, and one removed from the directory."""
    unserved, removed = uuid.uuid4(), uuid.uuid4()
    branch_id = seeded.branch_id
    await apply(
        client.runtime,
        [
            ServedDepartmentAdded(department_id=unserved, branch_id=branch_id, name="财务科"),
            ServedDepartmentAdded(department_id=removed, branch_id=branch_id, name="已撤科室"),
            ServedDepartmentRemoved(department_id=removed, branch_id=branch_id, name="已撤科室", removed_on=date.min),
        ],
    )
    return unserved, removed


async def test_service_record_rules_are_enforced_and_a_refusal_writes_nothing(activity: ServiceClient) -> None:
    seeded, other = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    (unserved, removed), lapsed = await odd_departments(activity, seeded), await lapsed_member(activity, seeded)
    visit, shift = [await held_service(activity, seeded, kind) for kind in SERVICE_KINDS]
    theme_day = await hold(activity.http, await schedule(activity.http, seeded.branch_id, "theme_day"))
    planned = await schedule(activity.http, seeded.branch_id, "door_to_door_visit")
    in_two_hours = (datetime.now().astimezone() + timedelta(hours=2)).isoformat()
    before = await written(activity)

    cases: list[tuple[dict[str, Any], dict[str, Any], int, str]] = [
        (theme_day, service_body(seeded), 422, "not_service_work"),
        (planned, service_body(seeded), 409, "activity_not_held"),
        (visit, service_body(seeded, department_ids=[str(uuid.uuid4())]), 422, "unknown_department"),
        (visit, service_body(seeded, department_ids=[str(other.departments[0])]), 422, "department_other_branch"),
        (visit, service_body(seeded, department_ids=[str(removed)]), 422, "department_removed"),
        (visit, service_body(seeded, department_ids=[]), 422, "departments_required"),
        (shift, service_body(seeded, department_ids=[str(unserved)]), 422, "department_not_served_by_post"),
        (visit, service_body(seeded, member_ids=[str(uuid.uuid4())]), 422, "unknown_member"),
        (visit, service_body(seeded, member_ids=[str(lapsed)]), 422, "member_not_active"),
        (visit, service_body(seeded, member_ids=[]), 422, "members_required"),
        (visit, service_body(seeded, hours=0), 422, "hours_out_of_range"),
        (visit, service_body(seeded, hours=24.5), 422, "hours_out_of_range"),
        (visit, service_body(seeded, hours=1.25), 422, "hours_out_of_range"),
        (visit, service_body(seeded, served_at=in_two_hours), 422, "date_in_future"),
        (visit, {"member_ids": [str(seeded.members[0])]}, 422, "invalid_request"),
        ({"id": uuid.uuid4()}, service_body(seeded), 404, "activity_not_found"),
    ]
    for target, body, status, code in cases:
        refused(await activity.http.post(f"/activities/{target['id']}/service-records", json=body), status, code)
    assert await written(activity) == before
    refused(await activity.http.get(f"/service-records/{uuid.uuid4()}"), 404, "service_record_not_found")
    refused(await activity.http.get(f"/activities/{uuid.uuid4()}/service-records"), 404, "activity_not_found")


# --- learning hours --------------------------------------------------------------------------


async def test_learning_hours_add_up_to_the_year_against_thirty_two(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    member = seeded.members[3]
    lesson = await schedule(activity.http, seeded.branch_id, "party_lesson", lecturer_id=seeded.members[0])
    lesson = await hold(activity.http, lesson)
    body = {"hours": 3, "learned_on": "2025-03-01", "topic": "学习党章", "activity_id": lesson["id"]}

    url = f"/members/{member}/learning-hours"
    answer = await activity.http.post(url, json=body)
    await activity.http.post(url, json={**body, "hours": 8.5, "learned_on": "2025-09-01", "activity_id": None})
    await activity.http.post(url, json={**body, "learned_on": "2024-12-31"})

    assert answer.status_code == 201, answer.text
    record = answer.json()
    assert answer.headers["location"] == f"/learning-hours/{record['id']}"
    events = await outbox_events(activity.runtime.engine, LEARNING_RECORDED)
    assert record["event_ids"] == [str(events[0].id)]
    assert events[0].data == {
        "record_id": record["id"],
        "member_id": str(member),
        "branch_id": str(seeded.branch_id),
        "hours": "3.0",
        "learned_on": "2025-03-01",
        "topic_name": "学习党章",
        "activity_id": lesson["id"],
    }
    year = (await activity.http.get(url, params={"year": 2025})).json()
    figures = ([r["hours"] for r in year["records"]], year["total"], year["required"], year["shortfall"])
    assert figures == (["3.0", "8.5"], "11.5", "32.0", "20.5")
    fetched = (await activity.http.get(f"/learning-hours/{record['id']}")).json()
    assert fetched == {k: v for k, v in record.items() if k != "event_ids"}


async def test_a_year_of_enough_learning_has_no_shortfall(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    url = f"/members/{seeded.members[0]}/learning-hours"
    for day in ("2025-01-10", "2025-04-10", "2025-07-10"):
        await activity.http.post(url, json={"hours": 12, "learned_on": day, "topic": "学习"})

    year = (await activity.http.get(url, params={"year": 2025})).json()
    this_year = (await activity.http.get(url)).json()

    assert (year["total"], year["shortfall"]) == ("36.0", "0.0")
    assert (this_year["year"], this_year["records"], this_year["shortfall"]) == (today(activity).year, [], "32.0")


async def test_learning_hours_rules_are_enforced_and_a_refusal_writes_nothing(activity: ServiceClient) -> None:
    seeded = await seed_branch(activity.runtime)
    lapsed = await lapsed_member(activity, seeded)
    planned = await schedule(activity.http, seeded.branch_id, "theme_day")
    good = {"hours": 2, "learned_on": "2025-05-01", "topic": "学习"}
    member = seeded.members[0]
    before = await written(activity)

    cases: list[tuple[uuid.UUID, dict[str, Any], int, str]] = [
        (uuid.uuid4(), good, 422, "unknown_member"),
        (lapsed, good, 409, "member_not_active"),
        (member, {**good, "hours": 0}, 422, "hours_out_of_range"),
        (member, {**good, "hours": 12.5}, 422, "hours_out_of_range"),
        (member, {**good, "hours": 1.55}, 422, "hours_out_of_range"),
        (member, {**good, "learned_on": (today(activity) + timedelta(days=1)).isoformat()}, 422, "date_in_future"),
        (member, {**good, "activity_id": str(uuid.uuid4())}, 422, "unknown_activity"),
        (member, {**good, "activity_id": planned["id"]}, 409, "activity_not_held"),
        (member, {**good, "topic": " "}, 422, "invalid_request"),
    ]
    for member_id, body, status, code in cases:
        refused(await activity.http.post(f"/members/{member_id}/learning-hours", json=body), status, code)
    assert await written(activity) == before
    refused(await activity.http.get(f"/members/{uuid.uuid4()}/learning-hours"), 404, "member_not_found")
    refused(await activity.http.get(f"/learning-hours/{uuid.uuid4()}"), 404, "learning_record_not_found")


# --- QC projects -----------------------------------------------------------------------------


def qc_body(seeded: SeededBranch, **changes: Any) -> dict[str, Any]:
    leader, members = str(seeded.members[0]), [str(m) for m in seeded.members[1:3]]
    body = {"branch_id": str(seeded.branch_id), "title": "降低空头率", "leader_id": leader, "member_ids": members}
    return body | {"registered_on": "2025-03-01"} | changes


async def test_a_qc_project_is_registered_closed_and_awarded_and_each_step_is_announced(
    activity: ServiceClient,
) -> None:
    seeded = await seed_branch(activity.runtime)

    registered = await activity.http.post("/qc-projects", json=qc_body(seeded))
    project_id = registered.json()["id"]
    closed = await activity.http.post(f"/qc-projects/{project_id}/close", json={"closed_on": "2025-11-30"})
    awarded = await activity.http.post(f"/qc-projects/{project_id}/award", json={"award": "省公司优秀QC成果二等奖"})

    assert (registered.status_code, closed.status_code, awarded.status_code) == (201, 200, 200), awarded.text
    assert registered.headers["location"] == f"/qc-projects/{project_id}"
    snapshot = {"project_id": project_id, **qc_body(seeded), "closed_on": None, "award": None}
    steps = [("registered", registered, {}), ("closed", closed, {"closed_on": "2025-11-30"})]
    steps.append(("awarded", awarded, {"closed_on": "2025-11-30", "award": "省公司优秀QC成果二等奖"}))
    for step, answer, changed in steps:
        [event] = await outbox_events(activity.runtime.engine, f"bastion.activity.qc_project.{step}.v1")
        assert answer.json()["event_ids"] == [str(event.id)]
        assert event.data == {"project": snapshot | changed}
    fetched = (await activity.http.get(f"/qc-projects/{project_id}")).json()
    assert fetched == {k: v for k, v in awarded.json().items() if k != "event_ids"}


async def test_qc_projects_are_listed_per_branch(activity: ServiceClient) -> None:
    seeded, other = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    await activity.http.post("/qc-projects", json=qc_body(seeded, title="旧课题", registered_on="2024-03-01"))
    await activity.http.post("/qc-projects", json=qc_body(seeded, title="新课题"))
    await activity.http.post("/qc-projects", json=qc_body(other, title="别处的课题", leader_id=str(other.members[0])))

    listed = (await activity.http.get("/qc-projects", params={"branch_id": str(seeded.branch_id)})).json()

    assert [p["title"] for p in listed] == ["新课题", "旧课题"]
    refused(await activity.http.get("/qc-projects"), 422, "invalid_request")


async def test_qc_project_rules_are_enforced_and_a_refusal_writes_nothing(activity: ServiceClient) -> None:
    seeded, other = await seed_branch(activity.runtime), await seed_branch(activity.runtime)
    group_id = next(iter(seeded.groups))
    open_project = (await activity.http.post("/qc-projects", json=qc_body(seeded))).json()["id"]
    done = (await activity.http.post("/qc-projects", json=qc_body(seeded))).json()["id"]
    await activity.http.post(f"/qc-projects/{done}/close", json={"closed_on": "2025-06-01"})
    await activity.http.post(f"/qc-projects/{done}/award", json={"award": "厂级一等奖"})
    before = await written(activity)

    registrations = {
        "unknown_org_unit": qc_body(seeded, branch_id=str(uuid.uuid4())),
        "wrong_org_unit_kind": qc_body(seeded, branch_id=str(group_id)),
        "unknown_member": qc_body(seeded, member_ids=[str(uuid.uuid4())]),
        "leader_other_branch": qc_body(seeded, leader_id=str(other.members[0])),
        "date_in_future": qc_body(seeded, registered_on=(today(activity) + timedelta(days=1)).isoformat()),
        "invalid_request": qc_body(seeded, title=""),
    }
    for code, body in registrations.items():
        refused(await activity.http.post("/qc-projects", json=body), 422, code)
    steps = [
        (f"/qc-projects/{open_project}/award", {"award": "奖"}, 409, "qc_project_not_closed"),
        (f"/qc-projects/{open_project}/close", {"closed_on": "2025-02-28"}, 422, "date_order"),
        (f"/qc-projects/{done}/close", {}, 409, "qc_project_already_closed"),
        (f"/qc-projects/{done}/award", {"award": "再一个奖"}, 409, "qc_project_already_awarded"),
        (f"/qc-projects/{uuid.uuid4()}/close", {}, 404, "qc_project_not_found"),
    ]
    for url, body, status, code in steps:
        refused(await activity.http.post(url, json=body), status, code)
    assert await written(activity) == before
    refused(await activity.http.get(f"/qc-projects/{uuid.uuid4()}"), 404, "qc_project_not_found")
