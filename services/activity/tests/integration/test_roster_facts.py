"""The roster facts activity keeps: newest wins, in any order, and a closing keeps what it does not say."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from sqlalchemy import select

from activity.adapters.orm import roster_people, roster_service_posts
from activity.adapters.roster_facts import apply_roster_events
from bastion.consumer import ReceivedEvent
from bastion.events import EventData
from bastion.testing import ServiceClient
from bastion.testing.kafka import envelope
from bastion_contracts.roster import MemberRegistered, MemberStatusChanged, ServicePostAssigned, ServicePostClosed
from bastion_contracts.vocabulary import MemberStatus, ServicePostKind
from tests.support.activity import person


def received(payload: EventData, sequence: int) -> ReceivedEvent:
    return ReceivedEvent(envelope(payload, sequence=sequence), payload, "roster", 0, sequence)


async def apply(client: ServiceClient, events: list[ReceivedEvent]) -> None:
    async with client.runtime.sessions() as session, session.begin():
        await apply_roster_events(session, events)


async def test_the_newest_fact_wins_whatever_the_order(activity: ServiceClient) -> None:
    branch, member = uuid.uuid4(), uuid.uuid4()
    history = [
        received(MemberRegistered(member=person(member, branch, "甲")), 1),
        received(
            MemberStatusChanged(
                member=person(member, branch, "甲", status=MemberStatus.LAPSED),
                previous_status=MemberStatus.ACTIVE,
                changed_on=date(2026, 5, 1),
                reason="自行脱党",
            ),
            2,
        ),
    ]
    states = set()
    for order in itertools.permutations(history):
        for event in order:
            await apply(activity, [event])
        async with activity.runtime.engine.connect() as connection:
            states.add(
                await connection.scalar(select(roster_people.c.status).where(roster_people.c.member_id == member))
            )
    assert states == {"lapsed"}


async def test_a_closed_post_keeps_its_departments_and_holders(activity: ServiceClient) -> None:
    post, branch, department, holder = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assigned = ServicePostAssigned(
        post_id=post,
        branch_id=branch,
        kind=ServicePostKind.MOBILE_SERVICE_POST,
        name="流动服务岗",
        holder_ids=[holder],
        department_ids=[department],
        assigned_on=date(2026, 1, 1),
    )
    closed = ServicePostClosed(
        post_id=post, branch_id=branch, kind=ServicePostKind.MOBILE_SERVICE_POST, closed_on=date(2026, 6, 1)
    )
    await apply(activity, [received(assigned, 1)])
    await apply(activity, [received(closed, 2)])
    await apply(activity, [received(assigned, 1)])  # a late redelivery of the older event changes nothing

    async with activity.runtime.engine.connect() as connection:
        row = (
            await connection.execute(select(roster_service_posts).where(roster_service_posts.c.post_id == post))
        ).one()
    assert (row.closed, row.name, row.holder_ids, row.department_ids, row.sequence) == (
        True,
        "流动服务岗",
        [holder],
        [department],
        2,
    )
