"""Each fact scoring keeps newest-first is fed from one topic: ``sequence`` numbers a key's events within
one topic, so comparing it across topics would let an older event win."""

from __future__ import annotations

import pytest

from bastion_contracts import roster as r
from scoring.adapters.orm import f_reserve
from scoring.ingest.facts import FACTS

SOURCES = {table.name: kinds for kinds, table, *_ in FACTS}


@pytest.mark.parametrize("table", sorted(SOURCES))
def test_every_fact_is_fed_from_one_topic(table: str) -> None:
    kinds = SOURCES[table]
    assert len({kind.topic.name for kind in kinds}) == 1, [kind.event_type for kind in kinds]


def test_a_reserve_talent_is_added_and_removed_on_one_topic() -> None:
    # f_reserve is written twice: the talent's details, then (only=removed) its removal.
    kinds = (*SOURCES[f_reserve.name], r.ReserveTalentRemoved)
    assert len({kind.topic.name for kind in kinds}) == 1


def test_no_fact_table_is_written_by_two_entries() -> None:
    # Otherwise each entry's events could be from one topic, and the table's from two.
    assert len(SOURCES) == len(FACTS)
