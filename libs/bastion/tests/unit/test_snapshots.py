"""The kit keeps the newest snapshot per key, whatever the order of a batch, fed from one topic only."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime
from typing import ClassVar

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, Uuid

from bastion.consumer.snapshots import KeptSnapshot, Row
from bastion.consumer.spec import ReceivedEvent
from bastion.events import CloudEvent
from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic
from bastion.testing.probe import PROBES, ProbeRecorded, ProbeSkipped

OTHER = Topic("bastion.testkit.others", partitions=1, description="Another topic.")
PROBE_VALUES = SnapshotSource((ProbeRecorded,), read=lambda probe: probe, key=lambda probe: probe.probe_id)
table = Table("probe_values", MetaData(), Column("probe_id", Uuid, primary_key=True), Column("value", Integer))


class ProbeElsewhere(EventData):
    event_type: ClassVar[str] = "bastion.testkit.probe.elsewhere.v1"
    topic: ClassVar[Topic] = OTHER
    probe_id: uuid.UUID

    def subject(self) -> str:
        return str(self.probe_id)


def received(payload: EventData, sequence: int) -> ReceivedEvent:
    envelope = CloudEvent.wrap(payload, event_id=uuid.uuid4(), sequence=sequence, time=datetime.now(UTC))
    return ReceivedEvent(envelope, payload, payload.topic.name, 0, sequence)


def value_row(probe: ProbeRecorded) -> Row:
    return {"probe_id": probe.probe_id, "value": probe.value}


def test_a_snapshot_fed_from_two_topics_is_refused() -> None:
    # sequence numbers one key's events on one topic: compared across topics, an older event could win.
    with pytest.raises(ValueError, match="exactly one topic"):
        SnapshotSource((ProbeSkipped, ProbeElsewhere), read=lambda event: event, key=lambda event: event.probe_id)
    assert PROBE_VALUES.topic is PROBES


def test_the_newest_snapshot_of_each_key_is_kept_in_any_order() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    events = [
        received(ProbeRecorded(probe_id=first, value=1), 1),
        received(ProbeRecorded(probe_id=first, value=3), 3),
        received(ProbeRecorded(probe_id=first, value=2), 2),
        received(ProbeRecorded(probe_id=second, value=7), 1),
        received(ProbeSkipped(probe_id=second), 2),  # carries no snapshot: not a newer state of `second`
    ]
    kept = KeptSnapshot(PROBE_VALUES, table, value_row)
    for order in itertools.permutations(events):
        rows = kept.rows(order)
        assert list(rows) == [None]
        assert {row["probe_id"]: row for row in rows[None]} == {
            first: {"probe_id": first, "value": 3, "sequence": 3},
            second: {"probe_id": second, "value": 7, "sequence": 1},
        }


def test_a_snapshot_that_says_part_of_the_fact_writes_only_its_columns() -> None:
    whole, partial = uuid.uuid4(), uuid.uuid4()
    events = [
        received(ProbeRecorded(probe_id=whole, value=1), 1),
        received(ProbeRecorded(probe_id=partial, value=-1), 1),
    ]
    kept = KeptSnapshot(PROBE_VALUES, table, value_row, partial=lambda probe: ("value",) if probe.value < 0 else None)
    rows = kept.rows(events)
    assert rows == {
        None: [{"probe_id": whole, "value": 1, "sequence": 1}],
        ("value",): [{"probe_id": partial, "value": -1, "sequence": 1}],
    }
