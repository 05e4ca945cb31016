from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bastion.events import (
    CloudEvent,
    CloudEventAttributes,
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


def test_one_pass_decoding_gives_the_same_envelope_and_payload_as_two_steps() -> None:
    registry = EventRegistry([ProbeRecorded, ProbeSkipped])
    event = CloudEvent.wrap(
        ProbeRecorded(probe_id=uuid.uuid4(), value=5),
        event_id=uuid.uuid4(),
        sequence=4,
        time=datetime(2026, 5, 1, 8, tzinfo=UTC),
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )
    raw = event.to_bytes()

    decoded = registry.decode(raw)

    assert decoded is not None
    envelope, payload = decoded
    two_steps = CloudEvent.from_bytes(raw)
    assert payload == registry.parse(two_steps)
    assert isinstance(payload, ProbeRecorded)
    assert isinstance(envelope, CloudEventAttributes)
    assert not isinstance(envelope, CloudEvent), "the decoded form is not the wire form with a dict of data"
    for name in ("id", "source", "type", "subject", "time", "dataschema", "sequence", "traceparent"):
        assert getattr(envelope, name) == getattr(two_steps, name)


@pytest.mark.parametrize(
    "change",
    [
        {"data": {"probe_id": "not a uuid", "value": 1}},  # invalid data
        {"type": "bastion.testkit.probe.unheard_of.v1"},  # unknown type
        {"sequence": 0},  # a bad envelope
    ],
)
def test_one_pass_decoding_declines_what_the_steps_must_explain(change: dict[str, object]) -> None:
    registry = EventRegistry([ProbeRecorded])
    good = CloudEvent.wrap(
        ProbeRecorded(probe_id=uuid.uuid4(), value=1), event_id=uuid.uuid4(), sequence=1, time=datetime.now(UTC)
    )
    bad = good.model_dump(mode="json") | change

    assert registry.decode(json.dumps(bad).encode()) is None
    assert registry.decode(b"not json") is None
    assert registry.decode(None) is None
    assert EventRegistry().decode(good.to_bytes()) is None, "a registry that knows no type decodes nothing"
