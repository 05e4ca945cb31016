"""Each fact scoring keeps newest-first is fed from one topic: ``sequence`` numbers a key's events within
one topic, so comparing it across topics would let an older event win."""

from __future__ import annotations

from collections import defaultdict

import pytest

from scoring.ingest.changes import SPANS
from scoring.ingest.facts import FACTS

SOURCES = {fact.table.name: fact.events for fact in FACTS}
# Spans (served departments, reserve talents) are written by an addition and a removal, each its own columns.
SPAN_SOURCES: dict[str, list[type]] = defaultdict(list)
for kind, table, *_ in SPANS:
    SPAN_SOURCES[table.name].append(kind)


@pytest.mark.parametrize("table", sorted(SOURCES))
def test_every_fact_is_fed_from_one_topic(table: str) -> None:
    kinds = SOURCES[table]
    assert len({kind.topic.name for kind in kinds}) == 1, [kind.event_type for kind in kinds]


@pytest.mark.parametrize("table", sorted(SPAN_SOURCES))
def test_a_span_is_added_and_removed_on_one_topic(table: str) -> None:
    kinds = SPAN_SOURCES[table]
    assert len({kind.topic.name for kind in kinds}) == 1, [kind.event_type for kind in kinds]


def test_no_fact_table_is_written_by_two_entries() -> None:
    # Otherwise each entry's events could be from one topic, and the table's from two.
    assert len(SOURCES) == len(FACTS)
    assert not set(SOURCES) & set(SPAN_SOURCES)
