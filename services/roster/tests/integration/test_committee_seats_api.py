"""Seats on a branch committee (支委会委员) through roster's API, on the real stack."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from bastion.errors import ConflictError
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.vocabulary import CommitteeRole
from roster.adapters.orm import committee_seats, committee_terms
from roster.domain.committee import Seat
from roster.service_layer.unit_of_work import RosterUnitOfWork
from tests.support.roster import create_branch, register, seat, seated_branch, tomorrow

SEAT_ASSIGNED = "bastion.roster.committee.seat_assigned.v1"
SEAT_VACATED = "bastion.roster.committee.seat_vacated.v1"


async def written(client: ServiceClient) -> dict[str, int]:
    """Rows of the outbox, committee terms and seats: what a refused request must leave alone."""
    return await rows_written(client.runtime.engine, committee_terms, committee_seats)


def seat_json(role: str, person: dict[str, Any], on: str = "2025-02-01") -> dict[str, str]:
    return {"role": role, "member_id": person["id"], "member_name": person["name"], "assigned_on": on}


async def test_seating_members_records_every_seat_held(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)

    secretary = await seat(roster.http, branch, "secretary", first)
    officer = await seat(roster.http, branch, "org_officer", second, on="2025-03-01")

    assert secretary.status_code == 200, secretary.text
    assert officer.json()["seats"] == [seat_json("secretary", first), seat_json("org_officer", second, "2025-03-01")]
    assigned = await outbox_events(roster.runtime.engine, SEAT_ASSIGNED)
    assert [str(e.id) for e in assigned] == secretary.json()["event_ids"] + officer.json()["event_ids"]
    assert assigned[1].data == {
        "branch_id": branch["id"],
        "term_id": officer.json()["id"],
        "term_starts_on": "2025-01-01",
        "term_ends_on": "2028-01-01",
        "seats": [seat_json("secretary", first), seat_json("org_officer", second, "2025-03-01")],
        "role": "org_officer",
        "member_id": second["id"],
        "assigned_on": "2025-03-01",
    }


async def test_several_committee_members_may_be_seated(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)

    await seat(roster.http, branch, "committee_member", first)
    answer = await seat(roster.http, branch, "committee_member", second)

    assert answer.status_code == 200, answer.text
    assert [s["member_id"] for s in answer.json()["seats"]] == [first["id"], second["id"]]


async def test_a_probationary_member_cannot_take_a_seat(roster: ServiceClient) -> None:
    branch, _ = await seated_branch(roster.http)
    probationary = await register(
        roster.http, branch["id"], name="预备党员", stage="probationary", probationary_on="2025-06-01"
    )
    before = await written(roster)

    answer = await seat(roster.http, branch, "secretary", probationary, on="2025-07-01")

    assert answer.status_code == 422
    assert answer.json()["error"] == "seat_not_full_member"
    assert "须为正式党员" in answer.json()["message"]
    assert await written(roster) == before


async def test_seat_rules_are_enforced_and_a_refusal_writes_nothing(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)
    other_branch = await create_branch(roster.http)
    outsider = await register(roster.http, other_branch["id"], name="外支部党员")
    await seat(roster.http, branch, "secretary", first)
    before = await written(roster)

    refusals = {
        (409, "seat_taken"): await seat(roster.http, branch, "secretary", second),
        (409, "already_seated"): await seat(roster.http, branch, "org_officer", first),
        (422, "seat_other_branch"): await seat(roster.http, branch, "org_officer", outsider),
        (422, "seat_outside_term"): await seat(roster.http, branch, "org_officer", second, on="2024-12-31"),
        (422, "date_in_future"): await seat(
            roster.http, branch, "org_officer", second, on=tomorrow(roster).isoformat()
        ),
        (422, "unknown_member"): await seat(roster.http, branch, "org_officer", {"id": str(uuid.uuid4())}),
    }

    for (status, code), answer in refusals.items():
        assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text
    assert await written(roster) == before


async def test_a_seat_needs_a_current_term(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    secretary = await register(roster.http, branch["id"], name="李书记")
    before = await written(roster)

    answer = await seat(roster.http, branch, "secretary", secretary)

    assert answer.status_code == 409
    assert answer.json()["error"] == "no_committee_term"
    assert "还没有支委会任期" in answer.json()["message"]
    assert await written(roster) == before


async def test_a_small_branch_is_complete_with_a_secretary_alone(roster: ServiceClient) -> None:
    branch, people = await seated_branch(roster.http, full_members=6)
    await seat(roster.http, branch, "secretary", people[0])

    completeness = (await roster.http.get(f"/org-units/{branch['id']}/committee")).json()["completeness"]

    assert completeness == {
        "full_members": 6,
        "required": False,
        "secretary_seated": True,
        "seated": 1,
        "complete": True,
    }


async def test_a_branch_of_seven_full_members_needs_three_seated(roster: ServiceClient) -> None:
    branch, people = await seated_branch(roster.http, full_members=7)
    url = f"/org-units/{branch['id']}/committee"
    await seat(roster.http, branch, "secretary", people[0])
    await seat(roster.http, branch, "org_officer", people[1])

    two_seated = (await roster.http.get(url)).json()["completeness"]
    await seat(roster.http, branch, "publicity_officer", people[2])
    three_seated = (await roster.http.get(url)).json()["completeness"]

    assert (two_seated["required"], two_seated["seated"], two_seated["complete"]) == (True, 2, False)
    assert (three_seated["full_members"], three_seated["seated"], three_seated["complete"]) == (7, 3, True)


async def test_vacating_a_seat_records_who_left_and_why(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)
    await seat(roster.http, branch, "secretary", first)
    await seat(roster.http, branch, "org_officer", second)
    url = f"/org-units/{branch['id']}/committee/seats/secretary"

    answer = await roster.http.delete(url, params={"vacated_on": "2025-09-30", "reason": "调离"})

    assert answer.status_code == 200, answer.text
    assert answer.json()["seats"] == [seat_json("org_officer", second)]
    [vacated] = await outbox_events(roster.runtime.engine, SEAT_VACATED)
    assert answer.json()["event_ids"] == [str(vacated.id)]
    assert vacated.data == {
        "branch_id": branch["id"],
        "term_id": answer.json()["id"],
        "term_starts_on": "2025-01-01",
        "term_ends_on": "2028-01-01",
        "seats": [seat_json("org_officer", second)],
        "role": "secretary",
        "member_id": first["id"],
        "vacated_on": "2025-09-30",
        "reason": "调离",
    }
    again = await seat(roster.http, branch, "secretary", first, on="2025-10-01")
    assert again.status_code == 200, "the seat and the person are free again"


async def test_vacating_refuses_what_is_not_there(roster: ServiceClient) -> None:
    branch, (first, second, third) = await seated_branch(roster.http)
    await seat(roster.http, branch, "committee_member", first)
    await seat(roster.http, branch, "secretary", second)
    seats = f"/org-units/{branch['id']}/committee/seats"
    before = await written(roster)

    empty = await roster.http.delete(f"{seats}/org_officer", params={"reason": "免职"})
    not_holder = await roster.http.delete(f"{seats}/secretary", params={"member_id": third["id"], "reason": "免职"})
    unnamed = await roster.http.delete(f"{seats}/committee_member", params={"reason": "免职"})
    early = await roster.http.delete(f"{seats}/secretary", params={"vacated_on": "2025-01-31", "reason": "免职"})
    no_reason = await roster.http.delete(f"{seats}/secretary")

    assert (empty.status_code, empty.json()["error"]) == (404, "seat_not_held")
    assert (not_holder.status_code, not_holder.json()["error"]) == (404, "seat_not_held")
    assert (unnamed.status_code, unnamed.json()["error"]) == (422, "member_id_required")
    assert (early.status_code, early.json()["error"]) == (422, "date_order")
    assert (no_reason.status_code, no_reason.json()["error"]) == (422, "invalid_request")
    assert await written(roster) == before


async def test_transferring_a_seated_member_vacates_their_seat(roster: ServiceClient) -> None:
    branch, (first, _, _) = await seated_branch(roster.http)
    await seat(roster.http, branch, "secretary", first)
    elsewhere = await create_branch(roster.http)

    moved = await roster.http.post(
        f"/members/{first['id']}/transfer", json={"to_branch_id": elsewhere["id"], "transferred_on": "2025-08-01"}
    )

    assert moved.status_code == 200, moved.text
    [vacated] = await outbox_events(roster.runtime.engine, SEAT_VACATED)
    assert (vacated.data["member_id"], vacated.data["vacated_on"]) == (first["id"], "2025-08-01")
    assert vacated.data["reason"] == "组织关系转出"
    assert str(vacated.id) in moved.json()["event_ids"]
    committee = (await roster.http.get(f"/org-units/{branch['id']}/committee")).json()
    assert committee["current"]["seats"] == []
    assert committee["completeness"]["full_members"] == 2


async def test_a_status_change_vacates_the_members_seats(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)
    await seat(roster.http, branch, "secretary", first)
    await seat(roster.http, branch, "discipline_officer", second)

    changed = await roster.http.post(
        f"/members/{second['id']}/status", json={"status": "deceased", "changed_on": "2025-10-01", "reason": "病故"}
    )

    assert changed.status_code == 200, changed.text
    [vacated] = await outbox_events(roster.runtime.engine, SEAT_VACATED)
    assert (vacated.data["member_id"], vacated.data["role"]) == (second["id"], "discipline_officer")
    assert vacated.data["reason"] == "状态变为去世"
    assert vacated.data["seats"] == [seat_json("secretary", first)]
    seats = (await roster.http.get(f"/org-units/{branch['id']}/committee")).json()["current"]["seats"]
    assert seats == [seat_json("secretary", first)]


async def test_a_member_without_a_seat_changes_status_without_committee_events(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)
    await seat(roster.http, branch, "secretary", first)

    changed = await roster.http.post(
        f"/members/{second['id']}/status", json={"status": "lapsed", "changed_on": "2025-10-01", "reason": "脱党"}
    )

    assert changed.status_code == 200, changed.text
    assert len(changed.json()["event_ids"]) == 1
    assert await outbox_events(roster.runtime.engine, SEAT_VACATED) == []


async def test_of_two_secretaries_seated_at_once_one_is_refused(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)

    answers = await asyncio.gather(*(seat(roster.http, branch, "secretary", person) for person in (first, second)))

    assert sorted(a.status_code for a in answers) == [200, 409]
    assert {a.json().get("error") for a in answers if a.status_code == 409} == {"seat_taken"}
    assert len(await outbox_events(roster.runtime.engine, SEAT_ASSIGNED)) == 1
    assert (await written(roster))["committee_seats"] == 1


async def add_seats_directly(roster: ServiceClient, term_id: uuid.UUID, seats: list[Seat]) -> None:
    """Write seats through the repository alone, as two racing requests would after both passed the rules."""
    async with RosterUnitOfWork(roster.runtime.sessions) as uow:
        for seat_held in seats:
            await uow.committees.add_seat(term_id, seat_held)


@pytest.mark.parametrize(
    ("roles", "holders", "code"),
    [
        ((CommitteeRole.SECRETARY, CommitteeRole.SECRETARY), (0, 1), "seat_taken"),
        ((CommitteeRole.SECRETARY, CommitteeRole.ORG_OFFICER), (0, 0), "already_seated"),
    ],
)
async def test_the_database_refuses_what_racing_requests_slip_past_the_rules(
    roster: ServiceClient, roles: tuple[CommitteeRole, ...], holders: tuple[int, ...], code: str
) -> None:
    branch, people = await seated_branch(roster.http)
    async with RosterUnitOfWork(roster.runtime.sessions) as uow:
        term = await uow.committees.current_term(uuid.UUID(branch["id"]))
    assert term is not None
    seats = [
        Seat(role, uuid.UUID(people[i]["id"]), people[i]["name"], term.starts_on)
        for role, i in zip(roles, holders, strict=True)
    ]

    with pytest.raises(ConflictError) as caught:
        await add_seats_directly(roster, term.id, seats)

    assert caught.value.code == code
    assert (await written(roster))["committee_seats"] == 0
