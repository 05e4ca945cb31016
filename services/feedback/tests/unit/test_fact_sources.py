"""Each fact feedback keeps newest-first is fed from one topic (``sequence`` numbers a key's events within
one topic, so comparing it across topics would let an older event win), and feedback's consumer reads
every event that feeds it."""

from __future__ import annotations

import pytest

from feedback.adapters.known_facts import KNOWN_FACTS
from feedback.projections import FACTS_CONSUMER

FACTS = {fact.table.name: fact for fact in KNOWN_FACTS}


def test_each_table_is_kept_from_one_snapshot() -> None:
    assert len(FACTS) == len(KNOWN_FACTS)
    assert set(FACTS) == {"known_units", "known_people", "known_activities"}


@pytest.mark.parametrize("table", sorted(FACTS))
def test_every_fact_is_fed_from_one_topic_the_consumer_reads(table: str) -> None:
    fact = FACTS[table]
    assert len({kind.topic.name for kind in fact.events}) == 1
    assert fact.topic in FACTS_CONSUMER.topics
    assert {kind.event_type for kind in fact.events} <= FACTS_CONSUMER.handles
