from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from bastion.consumer.decode import HoldKind, decode_records
from bastion.events import CloudEvent
from bastion.testing.probe import PROBE_REGISTRY, ProbeRecorded, ProbeSkipped


@dataclass
class Record:
    """Just the fields of aiokafka's ConsumerRecord that decoding reads."""

    value: bytes | None
    topic: str = "probes"
    partition: int = 0
    offset: int = 0
    key: bytes | None = None


def wrap(payload: ProbeRecorded | ProbeSkipped) -> CloudEvent:
    return CloudEvent.wrap(payload, event_id=uuid.uuid4(), sequence=1, time=datetime.now(UTC))


def test_records_are_sorted_into_handled_ignored_held_and_repeated() -> None:
    applied = wrap(ProbeRecorded(probe_id=uuid.uuid4(), value=1))
    skipped = wrap(ProbeSkipped(probe_id=uuid.uuid4()))
    bad_data = applied.model_copy(update={"id": uuid.uuid4(), "data": {"value": "x"}})
    unknown = applied.model_copy(update={"id": uuid.uuid4(), "type": "bastion.testkit.probe.melted.v1"})
    records = [  # keyless: each record is its own aggregate, so nothing parks
        Record(applied.to_bytes(), offset=0),
        Record(skipped.to_bytes(), offset=1),
        Record(b"{broken", offset=2),
        Record(bad_data.to_bytes(), offset=3),
        Record(applied.to_bytes(), offset=4),
        Record(None, offset=5),
        Record(unknown.to_bytes(), offset=6),
    ]

    batch = decode_records(records, PROBE_REGISTRY, frozenset({ProbeRecorded.event_type}))

    assert [event.envelope.id for event in batch.handled] == [applied.id]
    assert batch.handled[0].offset == 0
    assert [(topic, event.id) for topic, event in batch.ignored] == [("probes", skipped.id)]
    assert [(held.record.offset, held.kind) for held in batch.held] == [
        (2, HoldKind.UNDECODABLE),
        (3, HoldKind.INVALID_DATA),
        (5, HoldKind.UNDECODABLE),
        (6, HoldKind.UNKNOWN_TYPE),
    ]
    assert batch.repeated_in_batch == ["probes"]
    assert batch.event_ids() == [applied.id, skipped.id]


def test_a_dead_letter_parks_the_later_records_of_its_aggregate_only() -> None:
    probe = uuid.uuid4()
    key = str(probe).encode()
    first, third = (wrap(ProbeRecorded(probe_id=probe, value=v)) for v in (1, 3))
    other = wrap(ProbeRecorded(probe_id=uuid.uuid4(), value=9))
    skipped = wrap(ProbeSkipped(probe_id=probe))
    records = [
        Record(first.to_bytes(), offset=0, key=key),
        Record(b"{broken", offset=1, key=key),
        Record(other.to_bytes(), offset=2, key=str(other.subject).encode()),
        Record(third.to_bytes(), offset=3, key=key),
        Record(skipped.to_bytes(), offset=4, key=key),
    ]

    batch = decode_records(records, PROBE_REGISTRY, frozenset({ProbeRecorded.event_type}))

    assert [event.envelope.id for event in batch.handled] == [first.id, other.id]
    assert [(held.record.offset, held.kind) for held in batch.held] == [
        (1, HoldKind.UNDECODABLE),
        (3, HoldKind.PARKED),
    ]
    assert [event.id for _topic, event in batch.ignored] == [skipped.id], "not applied here anyway: not held"


def test_records_of_an_aggregate_already_blocked_are_parked() -> None:
    probe = uuid.uuid4()
    event = wrap(ProbeRecorded(probe_id=probe, value=1))

    batch = decode_records(
        [Record(event.to_bytes(), key=str(probe).encode())],
        PROBE_REGISTRY,
        frozenset({ProbeRecorded.event_type}),
        blocked={str(probe)},
    )

    assert batch.handled == []
    assert [held.kind for held in batch.held] == [HoldKind.PARKED]
