from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bastion.events import (
    CloudEvent,
    EventRegistry,
    InvalidEventDataError,
    MalformedEventError,
    UnknownEventTypeError,
)
from bastion.testing.probe import ProbeRecorded, ProbeSkipped


def test_envelope_round_trips_through_bytes() -> None:
    payload = ProbeRecorded(probe_id=uuid.uuid4(), value=7)
    when = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    event = CloudEvent.wrap(payload, event_id=uuid.uuid4(), sequence=3, time=when, traceparent=None)

    decoded = CloudEvent.from_bytes(event.to_bytes())

    assert decoded == event
    assert decoded.source == "bastion/testkit"
    assert decoded.subject == str(payload.probe_id)
    assert decoded.time == when
    assert decoded.time.utcoffset() == timedelta(0)
    assert decoded.dataschema == "urn:bastion:schema:bastion.testkit.probe.recorded.v1"
    assert b"traceparent" not in event.to_bytes()


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"{}", b'{"specversion": "0.3"}', b"[1, 2]"],
)
def test_bytes_that_are_not_a_cloudevent_are_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedEventError):
        CloudEvent.from_bytes(raw)


def test_registry_types_the_payload_and_refuses_bad_data() -> None:
    registry = EventRegistry([ProbeRecorded])
    good = CloudEvent.wrap(
        ProbeRecorded(probe_id=uuid.uuid4(), value=1),
        event_id=uuid.uuid4(),
        sequence=1,
        time=datetime.now(UTC),
    )
    assert registry.parse(good) == ProbeRecorded.model_validate(good.data)

    bad = good.model_copy(update={"data": {"probe_id": "nope", "value": 1}})
    with pytest.raises(InvalidEventDataError):
        registry.parse(bad)

    other = CloudEvent.wrap(
        ProbeSkipped(probe_id=uuid.uuid4()), event_id=uuid.uuid4(), sequence=1, time=datetime.now(UTC)
    )
    with pytest.raises(UnknownEventTypeError):
        registry.parse(other)


def test_registry_refuses_badly_named_and_duplicate_types() -> None:
    class Misnamed(ProbeRecorded):
        event_type = "probe.recorded"

    class Twin(ProbeRecorded):
        pass

    with pytest.raises(ValueError, match="naming rule"):
        EventRegistry([Misnamed])
    with pytest.raises(ValueError, match="registered twice"):
        EventRegistry([ProbeRecorded, Twin])


def test_newer_payload_with_extra_fields_is_still_read() -> None:
    probe_id = uuid.uuid4()
    payload = ProbeRecorded.model_validate({"probe_id": str(probe_id), "value": 2, "added_later": "x"})
    assert payload == ProbeRecorded(probe_id=probe_id, value=2)
