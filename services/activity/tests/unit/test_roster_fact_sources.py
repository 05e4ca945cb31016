"""Each roster fact activity keeps newest-first is fed from one topic (``sequence`` numbers a key's events
within one topic, so comparing it across topics would let an older event win), and activity's consumer
reads every event that feeds it."""

from __future__ import annotations

import pytest

from activity.adapters.roster_facts import ROSTER_FACTS
from activity.projections import ROSTER_FACTS_CONSUMER

FACTS = {fact.table.name: fact for fact in ROSTER_FACTS}


def test_each_table_is_kept_from_one_snapshot() -> None:
    # Two sources into one table could each be on one topic, and the table's rows on two.
    assert len(FACTS) == len(ROSTER_FACTS)
    assert set(FACTS) == {
        "roster_units",
        "roster_people",
        "roster_committees",
        "roster_departments",
        "roster_service_posts",
    }


@pytest.mark.parametrize("table", sorted(FACTS))
def test_every_roster_fact_is_fed_from_one_topic_the_consumer_reads(table: str) -> None:
    fact = FACTS[table]
    assert len({kind.topic.name for kind in fact.events}) == 1
    assert fact.topic in ROSTER_FACTS_CONSUMER.topics
    assert {kind.event_type for kind in fact.events} <= ROSTER_FACTS_CONSUMER.handles
