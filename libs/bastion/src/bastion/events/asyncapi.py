"""The AsyncAPI 3.0 document of every topic and event type, generated from the registry and the topics.

Channels are the topics (their address carries the deployment's ``KAFKA_TOPIC_PREFIX`` as the
``prefix`` parameter), messages are the event types. A message's payload is the CloudEvent envelope
(``components.schemas.CloudEvent``) with ``type``, ``source`` and ``dataschema`` fixed and ``data``
referring to the committed JSON Schema of the type (``events/<type>.json``), so the payload models are
described once. Kafka bindings give the key, the partitions and the retention. The dead-letter topic
is described too: its messages are the originals, byte for byte, with headers saying why.

``bastion contracts write`` writes it next to ``events/``; ``bastion contracts check`` fails when stale.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bastion.events.envelope import CONTENT_TYPE, CloudEvent, schema_uri
from bastion.events.keys import subject_path
from bastion.events.model import EventData
from bastion.events.registry import EventRegistry
from bastion.events.topics import KEEP_FOREVER, Topic

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
DEAD_LETTER_MESSAGE = "bastion.dead_letter"
DEAD_LETTER_HEADERS = ("consumer", "topic", "partition", "offset", "kind", "reason", "attempts", "id")
_PREFIX = {"$ref": "#/components/parameters/prefix"}


def asyncapi_document(
    registry: EventRegistry,
    topics: Iterable[Topic],
    *,
    dead_letters: Topic,
    version: str,
    schemas_path: str = "events",
) -> dict[str, Any]:
    """The whole document; ``schemas_path`` is where the event schemas are, relative to the document."""
    by_topic: dict[str, list[type[EventData]]] = {}
    for model in registry:
        by_topic.setdefault(model.topic.name, []).append(model)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in topics:
        models = by_topic.get(topic.name, [])
        channels[topic.name] = _channel(topic, [m.event_type for m in models])
        operations[f"send.{topic.name}"] = _operation(topic, [m.event_type for m in models], _senders(models))
        messages.update({m.event_type: _event_message(m, schemas_path) for m in models})
    channels[dead_letters.name] = _channel(dead_letters, [DEAD_LETTER_MESSAGE])
    operations[f"send.{dead_letters.name}"] = _operation(dead_letters, [DEAD_LETTER_MESSAGE], "every consumer")
    messages[DEAD_LETTER_MESSAGE] = _dead_letter_message()
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": "urn:bastion:events",
        "info": _info(version),
        "defaultContentType": CONTENT_TYPE,
        "servers": _servers(),
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": {"CloudEvent": _envelope_schema()},
            "messages": messages,
            "parameters": {"prefix": _prefix_parameter()},
        },
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _info(version: str) -> dict[str, Any]:
    return {
        "title": "Bastion events",
        "version": version,
        "description": (
            "Every event Bastion publishes, as CloudEvents 1.0 in Kafka's structured mode: the message value is "
            "the whole event as JSON, the key is its `subject` (the aggregate id), the header `content-type` is "
            f"`{CONTENT_TYPE}`. Delivery is at least once: de-duplicate by the CloudEvent `id`. Events of one key "
            "are in order; `sequence` numbers the events of one key on one topic. The type ends in its major "
            "version (`.v1`): within a major version changes are additive (new optional fields, looser "
            "constraints); enums are closed, so a new enum value comes as a new major version. See docs/events.md."
        ),
    }


def _servers() -> dict[str, Any]:
    return {
        "kafka": {
            "host": "{bootstrap}",
            "protocol": "kafka",
            "description": "The deployment's Kafka cluster.",
            "variables": {
                "bootstrap": {
                    "default": "127.0.0.1:9092",
                    "description": "A bootstrap server (`KAFKA_BOOTSTRAP_SERVERS` of the deployment).",
                }
            },
        }
    }


def _prefix_parameter() -> dict[str, Any]:
    return {
        "default": "",
        "description": (
            "The deployment's `KAFKA_TOPIC_PREFIX`, prepended to every topic name (empty unless the "
            "deployment shares its cluster)."
        ),
    }


def _channel(topic: Topic, message_ids: list[str]) -> dict[str, Any]:
    configuration: dict[str, Any] = {"retention.ms": topic.retention_ms}
    retention = "kept forever" if topic.retention_ms == KEEP_FOREVER else f"kept {topic.retention_ms} ms"
    return {
        "address": "{prefix}" + topic.name,
        "title": topic.name,
        "description": f"{topic.description} {topic.partitions} partitions, {retention}.",
        "parameters": {"prefix": _PREFIX},
        "messages": {m: {"$ref": f"#/components/messages/{m}"} for m in message_ids},
        "bindings": {
            "kafka": {
                "partitions": topic.partitions,
                "topicConfiguration": configuration,
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _operation(topic: Topic, message_ids: list[str], senders: str) -> dict[str, Any]:
    return {
        "action": "send",
        "title": f"{senders} publishes to {topic.name}",
        "channel": {"$ref": f"#/channels/{topic.name}"},
        "messages": [{"$ref": f"#/channels/{topic.name}/messages/{m}"} for m in message_ids],
    }


def _senders(models: list[type[EventData]]) -> str:
    return " and ".join(sorted({m.source_service() for m in models})) or "nobody"


def _event_message(model: type[EventData], schemas_path: str) -> dict[str, Any]:
    doc = (model.__doc__ or "").strip()
    path = subject_path(model)
    key = f"`data.{path}`" if path else "the aggregate id"
    return {
        "name": model.event_type,
        "title": model.__name__,
        "summary": doc.splitlines()[0] if doc else model.event_type,
        "description": doc,
        "contentType": CONTENT_TYPE,
        "headers": _headers_schema(),
        "payload": {
            "allOf": [
                {"$ref": "#/components/schemas/CloudEvent"},
                {
                    "type": "object",
                    "properties": {
                        "type": {"const": model.event_type},
                        "source": {"const": f"bastion/{model.source_service()}"},
                        "dataschema": {"const": schema_uri(model.event_type)},
                        "data": {"$ref": f"{schemas_path}/{model.event_type}.json#/properties/data"},
                    },
                },
            ]
        },
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": f"The CloudEvent `subject`: {key}."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _headers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"content-type": {"type": "string", "const": CONTENT_TYPE}},
        "required": ["content-type"],
    }


def _envelope_schema() -> dict[str, Any]:
    schema = CloudEvent.model_json_schema()
    schema["description"] = (
        "A CloudEvent 1.0 (structured mode). Extensions: `sequence` (integer: 1, 2, 3, ... per subject on each "
        "topic, i.e. per message key within one topic; compare it only within one topic and key) and "
        "`traceparent` (W3C trace context). `traceparent` is left out when there is none."
    )
    return schema


def _dead_letter_message() -> dict[str, Any]:
    headers = {
        f"bastion-dead-letter-{name}": {"type": "string", "description": f"The dead letter's {name}."}
        for name in DEAD_LETTER_HEADERS
    }
    return {
        "name": DEAD_LETTER_MESSAGE,
        "title": "DeadLetter",
        "summary": "A message a consumer could not apply, with why.",
        "description": (
            "The original key, value and headers, byte for byte, plus `bastion-dead-letter-*` headers: which "
            "consumer, where the message was (topic, partition, offset), the kind of failure, the reason, the "
            "attempts and the dead letter's id for `bastion dead-letters <service> show|redrive|skip`."
        ),
        "contentType": "application/octet-stream",
        "headers": {"type": "object", "properties": headers, "required": sorted(headers)},
        "payload": {"description": "The original message value, usually a CloudEvent, possibly not JSON at all."},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The original message's key."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }
