"""Scoring's member facts: the same events in any order give the same projection."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from sqlalchemy import select

from bastion.consumer import ReceivedEvent
from bastion.db import create_engine, create_session_factory
from bastion.testing import TestStack, running_service
from bastion.testing.kafka import envelope
from bastion_contracts.roster import MemberRegistered, MemberSnapshot, MemberTransferred
from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, MemberStatus, Stage
from scoring.adapters.orm import member_facts
from scoring.main import SERVICE
from scoring.projections.members import apply_member_events, member_count


def snapshot(
    member: uuid.UUID, branch: uuid.UUID, born: date, education: EducationLevel, **changes: object
) -> MemberSnapshot:
    values: dict[str, object] = {
        "member_id": member,
        "branch_id": branch,
        "name": "甲",
        "gender": Gender.FEMALE,
        "birth_date": born,
        "education": education,
        "department": "办公室",
        "position": "文员",
        "employee_number": str(member)[:8],
        "member_class": MemberClass.ORDINARY,
        "status": MemberStatus.ACTIVE,
        "stage": Stage.FULL,
    }
    values.update(changes)
    return MemberSnapshot.model_validate(values)


def received(payload: MemberRegistered | MemberTransferred, sequence: int) -> ReceivedEvent:
    return ReceivedEvent(envelope(payload, sequence=sequence), payload, "members", 0, sequence)


async def test_events_in_any_order_give_the_same_facts(stack: TestStack) -> None:
    member, branch_a, branch_b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    other = uuid.uuid4()
    history = [
        received(
            MemberRegistered(member=snapshot(member, branch_a, date(1966, 1, 1), EducationLevel.SENIOR_SECONDARY)), 1
        ),
        received(
            MemberTransferred(
                member=snapshot(member, branch_b, date(1966, 1, 1), EducationLevel.BACHELOR),
                from_branch_id=branch_a,
                to_branch_id=branch_b,
                transferred_on=date(2026, 1, 1),
                left_group_id=None,
            ),
            2,
        ),
        received(MemberRegistered(member=snapshot(other, branch_a, date(1985, 6, 1), EducationLevel.MASTER)), 1),
    ]
    outcomes = set()
    for order in itertools.permutations(history):
        engine = create_engine(await stack.new_database(SERVICE))
        sessions = create_session_factory(engine)
        try:
            for event in order:  # one batch per event: the hardest case for ordering
                async with sessions() as session, session.begin():
                    await apply_member_events(session, [event])
            async with engine.connect() as connection:
                rows = (await connection.execute(select(member_facts).order_by(member_facts.c.member_id))).all()
                counts = (await member_count(connection, branch_a), await member_count(connection, branch_b))
        finally:
            await engine.dispose()
        outcomes.add((tuple(rows), counts))

    assert len(outcomes) == 1
    ((rows, counts),) = outcomes
    assert counts == (1, 1)
    assert any(row.member_id == member and row.branch_id == branch_b and row.sequence == 2 for row in rows)


async def test_member_count_rejects_malformed_ids(stack: TestStack) -> None:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as scoring:
        bad_branch = await scoring.http.get("/branches/branch-4/member-count")
        bad_event = await scoring.http.get(f"/branches/{uuid.uuid4()}/member-count", params={"after": "x"})
        unknown_branch = await scoring.http.get(f"/branches/{uuid.uuid4()}/member-count")

    assert bad_branch.status_code == 422
    assert bad_branch.json()["errors"][0]["field"] == "path.branch_id"
    assert bad_event.status_code == 422
    assert bad_event.json()["errors"][0]["field"].startswith("query.after")
    assert unknown_branch.status_code == 200
    assert unknown_branch.json()["member_count"] == 0


async def test_waiting_for_an_event_that_never_comes_is_bounded(stack: TestStack) -> None:
    settings = await stack.settings_for(SERVICE, read_wait_max_seconds=0.3)
    async with running_service(SERVICE, settings) as scoring:
        answer = await scoring.http.get(f"/branches/{uuid.uuid4()}/member-count", params={"after": str(uuid.uuid4())})

    assert answer.status_code == 200
    assert answer.json()["includes_requested_events"] is False
