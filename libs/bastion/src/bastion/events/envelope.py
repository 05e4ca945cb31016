"""The CloudEvents 1.0 envelope, in Kafka's structured content mode.

Every message value is one JSON object with the CloudEvents attributes and the payload under
``data``; the key is the subject (aggregate id); the ``content-type`` header says
``application/cloudevents+json``. Structured mode keeps each message self-describing, which
is what a subscriber reading with kcat or a data platform wants.

Extensions: ``sequence`` (an integer numbering the events of one key on one topic, i.e. of the
subject on the event's topic: what a subscriber reading that topic can check; the optional
CloudEvents "sequence" extension is a string, we use an integer so it compares as a number) and
``traceparent`` (W3C trace context).

Two types: :class:`CloudEvent` is the event as it is written and read on the wire, its ``data`` the JSON
object; a consumer's one-pass decode (``EventRegistry.decode``) gives the attributes
(:class:`CloudEventAttributes`) and the typed payload, and nothing claims the payload is a dict.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from bastion.errors import BastionError
from bastion.events.model import EventData

# CloudEvents 1.0 requires ``specversion``; the model gives it a default, so pydantic's schema would leave it
# out of ``required``. Every event Bastion ever published carried it (``to_bytes`` leaves out only None), so
# the schemas require it: a correction of the document, not a change of the wire (see ``contracts``).
ALWAYS_PUBLISHED = ("specversion",)
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
SEQUENCE_SCOPE = (
    "Numbers the events of one subject on one topic (the message key within the topic): 1, 2, 3, ... in the "
    "order they were committed and published, one more for each event (a redelivered copy repeats its number). "
    "Compare it only with events of the same key on the same topic. Events published before this rule (one "
    "counter per subject across a service's topics) may skip numbers, but still increase."
)
KAFKA_HEADERS: list[tuple[str, bytes]] = [("content-type", CONTENT_TYPE.encode())]


def schema_uri(event_type: str) -> str:
    """The ``dataschema`` of an event type; also the ``$id`` of its committed JSON Schema."""
    return f"urn:bastion:schema:{event_type}"


class MalformedEventError(BastionError):
    """Bytes that are not a valid CloudEvent; retrying will not help."""

    default_code = "malformed_event"


def _require_always_published(schema: dict[str, Any]) -> None:
    schema["required"] = [*ALWAYS_PUBLISHED, *(name for name in schema["required"] if name not in ALWAYS_PUBLISHED)]


class CloudEventAttributes(BaseModel):
    """The CloudEvents attributes of an event, without its data: what a consumer reads besides the payload."""

    model_config = ConfigDict(frozen=True, extra="allow", json_schema_extra=_require_always_published)

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(description="Unique per event; consumers de-duplicate by it.")
    source: str = Field(pattern=r"^bastion/[a-z]+$", description="bastion/<service>")
    type: str = Field(min_length=1, description="bastion.<service>.<aggregate>.<verb_past>.v<major>")
    subject: str = Field(min_length=1, description="The aggregate id; also the Kafka key.")
    time: AwareDatetime = Field(description="When it happened (UTC).")
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    sequence: int = Field(ge=1, description=SEQUENCE_SCOPE)
    traceparent: str | None = Field(default=None, description="W3C trace context of the cause.")


class CloudEvent(CloudEventAttributes):
    """One event as it travels on Kafka."""

    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        payload: EventData,
        *,
        event_id: uuid.UUID,
        sequence: int,
        time: datetime,
        traceparent: str | None = None,
    ) -> CloudEvent:
        return cls(
            id=event_id,
            source=f"bastion/{payload.source_service()}",
            type=payload.event_type,
            subject=payload.subject(),
            time=time.astimezone(UTC),
            dataschema=schema_uri(payload.event_type),
            sequence=sequence,
            traceparent=traceparent,
            data=payload.model_dump(mode="json"),
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> CloudEvent:
        if not raw:
            raise MalformedEventError("empty message value")
        try:
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            raise MalformedEventError(f"not a Bastion CloudEvent: {exc.error_count()} problem(s): {exc}") from exc
