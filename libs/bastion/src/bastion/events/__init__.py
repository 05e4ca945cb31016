"""Events: the envelope, payload models, topics, the registry and their JSON Schemas."""

from bastion.events.envelope import (
    CONTENT_TYPE,
    KAFKA_HEADERS,
    CloudEvent,
    CloudEventAttributes,
    MalformedEventError,
    schema_uri,
)
from bastion.events.model import EventData
from bastion.events.registry import EventRegistry, InvalidEventDataError, UnknownEventTypeError
from bastion.events.topics import KEEP_FOREVER, Topic

__all__ = [
    "CONTENT_TYPE",
    "KAFKA_HEADERS",
    "KEEP_FOREVER",
    "CloudEvent",
    "CloudEventAttributes",
    "EventData",
    "EventRegistry",
    "InvalidEventDataError",
    "MalformedEventError",
    "Topic",
    "UnknownEventTypeError",
    "schema_uri",
]
