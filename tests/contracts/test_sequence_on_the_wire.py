"""``sequence`` as a subscriber reads it: each topic on its own, with a plain consumer, every key's events
numbered 1, 2, 3, … in offset order, whatever the same id carries on other topics.

Roster makes one of each change it can and scoring consumes them and announces on its own topic, so the
same ids are keys on several topics: a member on ``members``, ``records`` and ``scores``, a branch on
``org_units`` and ``scores``. (Activity's and feedback's topics are read the same way by
``test_events_on_the_wire``.)"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db.tables import outbox
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.kafka import read_topic
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.contracts.subscriber import assert_numbered_one_by_one
from tests.contracts.test_events_on_the_wire import exercise_everything
from tests.e2e.helpers import eventually


async def published(engine: AsyncEngine) -> dict[str, set[str]]:
    """Logical topic -> the keys of the events in a service's outbox."""
    async with engine.connect() as connection:
        rows = await connection.execute(select(outbox.c.topic, outbox.c.message_key))
        found: dict[str, set[str]] = defaultdict(set)
        for topic, key in rows:
            found[topic].add(key)
    return found


async def count(engine: AsyncEngine, topic: str) -> int:
    async with engine.connect() as connection:
        return len((await connection.scalars(select(outbox.c.id).where(outbox.c.topic == topic))).all())


async def applied_everything_of(scoring: ServiceClient, producer: AsyncEngine) -> None:
    async with producer.connect() as connection:
        ids = [str(event_id) for event_id in await connection.scalars(select(outbox.c.event_id))]
    for start in range(0, len(ids), 200):
        answer = await scoring.http.get("/consumption", params={"after": ids[start : start + 200], "wait_seconds": 10})
        assert answer.json()["applied"], answer.text


async def test_every_key_on_every_topic_is_numbered_one_two_three_in_offset_order(stack: TestStack) -> None:
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
        running_service(SCORING, await stack.settings_for(SCORING)) as scoring,
    ):
        await exercise_everything(roster.http)
        await applied_everything_of(scoring, roster.runtime.engine)
        roster_keys = set().union(*(await published(roster.runtime.engine)).values())

        async def announced_about_roster_keys() -> bool:
            announced = (await published(scoring.runtime.engine)).get("bastion.scoring.scores", set())
            return len(announced & roster_keys) >= 2  # a branch and a member at least

        await eventually(announced_about_roster_keys, timeout=30, what="scoring announces roster's branch and member")
        expected = {
            topic: await count(service.runtime.engine, topic.name)
            for service, spec in ((roster, ROSTER), (scoring, SCORING))
            for topic in spec.produces
        }

    numbers = {}
    for topic, events in expected.items():  # topic after topic, as a subscriber would
        records = await read_topic(stack.kafka_bootstrap, topic.qualified(stack.topic_prefix), expected=events)
        assert len(records) >= events, topic.name
        numbers.update(assert_numbered_one_by_one(records))

    topics_of: dict[str, set[str]] = defaultdict(set)
    for topic, key in numbers:
        topics_of[key].add(topic.removeprefix(stack.topic_prefix))
    shared = [topics for topics in topics_of.values() if len(topics) > 1]
    assert any({"bastion.roster.members", "bastion.roster.records", "bastion.scoring.scores"} <= t for t in shared)
    assert any({"bastion.roster.org_units", "bastion.scoring.scores"} <= t for t in shared)
