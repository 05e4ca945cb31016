"""The CloudEvents 1.0 schema the kcat test checks envelopes with accepts a spec-conformant event and
rejects each way of breaking the specification."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contracts.cloudevents import cloudevent_validator

VALID: dict[str, Any] = {
    "specversion": "1.0",
    "id": "3f1c1bd0-6b8a-4b7e-9a53-0f6a3c1f2b11",
    "source": "bastion/roster",
    "type": "bastion.roster.member.registered.v1",
    "subject": "9a3e0c1e-3f55-4b38-a2c4-c4e1a2b0d2f7",
    "time": "2026-03-01T01:30:00.123456Z",
    "datacontenttype": "application/json",
    "dataschema": "urn:bastion:schema:bastion.roster.member.registered.v1",
    "sequence": 3,
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "data": {"member": {}},
}


def test_a_conformant_event_is_valid() -> None:
    cloudevent_validator().validate(VALID)
    cloudevent_validator().validate({k: VALID[k] for k in ("specversion", "id", "source", "type")})


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"specversion": "0.3"}, id="another spec version"),
        pytest.param({"id": ""}, id="empty id"),
        pytest.param({"id": None}, id="missing id"),
        pytest.param({"source": None}, id="missing source"),
        pytest.param({"type": 7}, id="type not a string"),
        pytest.param({"subject": ""}, id="empty subject"),
        pytest.param({"time": "2026-03-01 01:30:00"}, id="time without T and offset"),
        pytest.param({"time": "2026-03-01T01:30:00"}, id="time without offset"),
        pytest.param({"time": "2026-13-45T01:30:00Z"}, id="time not a date"),
        pytest.param({"dataschema": "no scheme"}, id="dataschema not a URI"),
        pytest.param({"datacontenttype": "json"}, id="not a media type"),
        pytest.param({"data_base64": "e30="}, id="data and data_base64"),
        pytest.param({"traceParent": "x"}, id="upper-case attribute name"),
        pytest.param({"sequence": {"n": 3}}, id="extension not a scalar"),
    ],
)
def test_each_violation_of_the_specification_is_rejected(change: dict[str, Any]) -> None:
    event = {**VALID, **change}
    event = {k: v for k, v in event.items() if v is not None}

    assert not cloudevent_validator().is_valid(event)
