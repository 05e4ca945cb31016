"""Branch committee terms (支委会任期) through roster's API, on the real stack."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bastion.clock import local_today
from bastion.errors import ConflictError
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from roster.adapters.orm import committee_seats, committee_terms
from roster.domain.committee import CommitteeTerm
from roster.service_layer.unit_of_work import RosterUnitOfWork
from tests.support.roster import create_branch, create_org_unit, register, seat, seated_branch, tomorrow

TERM_STARTED = "bastion.roster.committee.term_started.v1"
SEAT_VACATED = "bastion.roster.committee.seat_vacated.v1"


async def written(client: ServiceClient) -> dict[str, int]:
    """Rows of the outbox, committee terms and seats: what a refused request must leave alone."""
    return await rows_written(client.runtime.engine, committee_terms, committee_seats)


async def test_a_branch_without_a_term_has_no_committee(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    await register(roster.http, branch["id"], name="正式党员")
    await register(roster.http, branch["id"], name="预备党员", stage="probationary", probationary_on="2025-06-01")

    answer = await roster.http.get(f"/org-units/{branch['id']}/committee")

    assert answer.status_code == 200
    assert answer.json() == {
        "branch_id": branch["id"],
        "current": None,
        "completeness": {
            "full_members": 1,
            "required": False,
            "secretary_seated": False,
            "seated": 0,
            "complete": False,
        },
        "past_terms": [],
    }


async def test_starting_a_term_records_it_with_three_years_by_default(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)

    answer = await roster.http.post(f"/org-units/{branch['id']}/committee/terms", json={"starts_on": "2025-01-01"})

    assert answer.status_code == 201, answer.text
    term = answer.json()
    assert (term["starts_on"], term["ends_on"], term["ended_on"], term["seats"]) == (
        "2025-01-01",
        "2028-01-01",
        None,
        [],
    )
    [started] = await outbox_events(roster.runtime.engine, TERM_STARTED)
    assert term["event_ids"] == [str(started.id)]
    assert started.subject == branch["id"]
    assert started.data == {
        "branch_id": branch["id"],
        "term_id": term["id"],
        "term_starts_on": "2025-01-01",
        "term_ends_on": "2028-01-01",
        "seats": [],
        "previous_term_id": None,
    }
    committee = (await roster.http.get(f"/org-units/{branch['id']}/committee")).json()
    assert committee["current"]["id"] == term["id"]


async def test_only_an_active_branch_has_a_committee(roster: ServiceClient) -> None:
    committee = await create_org_unit(roster.http, "party_committee", f"党委{uuid.uuid4().hex[:4]}")
    dissolved = await create_org_unit(roster.http, "branch", "已撤销支部", committee["id"])
    assert (await roster.http.post(f"/org-units/{dissolved['id']}/dissolve", json={})).status_code == 200
    before = await written(roster)

    unknown = await roster.http.post(f"/org-units/{uuid.uuid4()}/committee/terms", json={})
    not_a_branch = await roster.http.post(f"/org-units/{committee['id']}/committee/terms", json={})
    gone = await roster.http.post(f"/org-units/{dissolved['id']}/committee/terms", json={})

    assert (unknown.status_code, unknown.json()["error"]) == (404, "org_unit_not_found")
    assert (not_a_branch.status_code, not_a_branch.json()["error"]) == (422, "wrong_org_unit_kind")
    assert (gone.status_code, gone.json()["error"]) == (409, "org_unit_dissolved")
    assert await written(roster) == before


async def test_term_dates_are_checked(roster: ServiceClient) -> None:
    branch, _ = await seated_branch(roster.http)
    before = await written(roster)
    terms = f"/org-units/{branch['id']}/committee/terms"

    future = await roster.http.post(terms, json={"starts_on": tomorrow(roster).isoformat()})
    backwards = await roster.http.post(terms, json={"starts_on": "2025-06-01", "ends_on": "2025-05-01"})
    before_current = await roster.http.post(terms, json={"starts_on": "2024-12-31"})

    assert (future.status_code, future.json()["error"]) == (422, "date_in_future")
    assert (backwards.status_code, backwards.json()["error"]) == (422, "date_order")
    assert (before_current.status_code, before_current.json()["error"]) == (422, "date_order")
    assert await written(roster) == before


async def test_a_new_term_ends_the_old_one_and_vacates_its_seats(roster: ServiceClient) -> None:
    branch, (first, second, _) = await seated_branch(roster.http)
    old = (await seat(roster.http, branch, "secretary", first)).json()
    await seat(roster.http, branch, "committee_member", second, on="2025-05-01")

    answer = await roster.http.post(f"/org-units/{branch['id']}/committee/terms", json={"starts_on": "2026-01-01"})

    assert answer.status_code == 201, answer.text
    vacated = await outbox_events(roster.runtime.engine, SEAT_VACATED)
    assert [(e.data["member_id"], e.data["reason"], e.data["vacated_on"]) for e in vacated] == [
        (first["id"], "换届", "2026-01-01"),
        (second["id"], "换届", "2026-01-01"),
    ]
    assert {e.data["term_id"] for e in vacated} == {old["id"]}
    assert vacated[-1].data["seats"] == []
    [_, started] = await outbox_events(roster.runtime.engine, TERM_STARTED)
    assert started.data["previous_term_id"] == old["id"]
    assert answer.json()["event_ids"] == [str(e.id) for e in vacated] + [str(started.id)]
    committee = (await roster.http.get(f"/org-units/{branch['id']}/committee")).json()
    assert (committee["current"]["id"], committee["current"]["seats"]) == (answer.json()["id"], [])
    assert committee["past_terms"] == [
        {"id": old["id"], "starts_on": "2025-01-01", "ends_on": "2028-01-01", "ended_on": "2026-01-01"}
    ]
    assert (await seat(roster.http, branch, "secretary", first, on="2026-01-02")).status_code == 200


async def test_a_new_term_cannot_start_before_a_seat_of_the_current_one_was_taken(roster: ServiceClient) -> None:
    branch, (first, _, _) = await seated_branch(roster.http)
    await seat(roster.http, branch, "secretary", first, on="2025-06-01")
    before = await written(roster)

    answer = await roster.http.post(f"/org-units/{branch['id']}/committee/terms", json={"starts_on": "2025-05-01"})

    assert (answer.status_code, answer.json()["error"]) == (422, "date_order")
    assert await written(roster) == before


async def test_a_term_submitted_twice_at_once_is_started_once(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    url = f"/org-units/{branch['id']}/committee/terms"

    answers = await asyncio.gather(*(roster.http.post(url, json={"starts_on": "2025-01-01"}) for _ in range(2)))

    # Whichever comes second is refused: by the unique index if both saw no term (409), by the
    # date rule if it saw the first one's term (422).
    assert sorted(a.status_code for a in answers)[0] == 201
    [refusal] = [a for a in answers if a.status_code != 201]
    assert (refusal.status_code, refusal.json()["error"]) in {(409, "committee_term_exists"), (422, "date_order")}
    assert len(await outbox_events(roster.runtime.engine, TERM_STARTED)) == 1
    assert (await written(roster))["committee_terms"] == 1


async def test_the_database_keeps_one_current_term_per_branch(roster: ServiceClient) -> None:
    branch, _ = await seated_branch(roster.http)
    second = CommitteeTerm(uuid.uuid4(), uuid.UUID(branch["id"]), local_today("UTC"), local_today("UTC"))

    with pytest.raises(ConflictError) as caught:
        async with RosterUnitOfWork(roster.runtime.sessions) as uow:
            await uow.committees.add_term(second)

    assert caught.value.code == "committee_term_exists"
    assert (await written(roster))["committee_terms"] == 1
