from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from bastion.consumer.decode import decode_records
from bastion.events import CloudEvent
from bastion.testing.probe import PROBE_REGISTRY, ProbeRecorded, ProbeSkipped


@dataclass
class Record:
    """Just the fields of aiokafka's ConsumerRecord that decoding reads."""

    value: bytes | None
    topic: str = "probes"
    partition: int = 0
    offset: int = 0


def wrap(payload: ProbeRecorded | ProbeSkipped) -> CloudEvent:
    return CloudEvent.wrap(payload, event_id=uuid.uuid4(), sequence=1, time=datetime.now(UTC))


def test_records_are_sorted_into_handled_ignored_invalid_and_repeated() -> None:
    applied = wrap(ProbeRecorded(probe_id=uuid.uuid4(), value=1))
    skipped = wrap(ProbeSkipped(probe_id=uuid.uuid4()))
    bad_data = applied.model_copy(update={"id": uuid.uuid4(), "data": {"value": "x"}})
    records = [
        Record(applied.to_bytes(), offset=0),
        Record(skipped.to_bytes(), offset=1),
        Record(b"{broken", offset=2),
        Record(bad_data.to_bytes(), offset=3),
        Record(applied.to_bytes(), offset=4),
        Record(None, offset=5),
    ]

    batch = decode_records(records, PROBE_REGISTRY, frozenset({ProbeRecorded.event_type}))

    assert [event.envelope.id for event in batch.handled] == [applied.id]
    assert batch.handled[0].offset == 0
    assert [(topic, event.id) for topic, event in batch.ignored] == [("probes", skipped.id)]
    assert [record.offset for record, _reason in batch.invalid] == [2, 3, 5]
    assert batch.repeated_in_batch == ["probes"]
    assert batch.event_ids() == [applied.id, skipped.id]
