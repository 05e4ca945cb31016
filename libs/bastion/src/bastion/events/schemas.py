"""JSON Schemas of the events, generated from the models and committed under ``contracts/``.

Each file describes the whole CloudEvent of one type: the envelope attributes with ``type``
fixed, and ``data`` as the payload model's schema. ``bastion contracts write`` regenerates
them; a test fails when the committed files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bastion.events.envelope import CloudEvent, schema_uri
from bastion.events.model import EventData
from bastion.events.registry import EventRegistry

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def event_schema(model: type[EventData]) -> dict[str, Any]:
    """The JSON Schema of one event type's full CloudEvent."""
    envelope = CloudEvent.model_json_schema()
    data = model.model_json_schema(ref_template="#/$defs/{model}")
    defs = {**envelope.pop("$defs", {}), **data.pop("$defs", {})}
    properties = dict(envelope["properties"])
    properties["type"] = {"const": model.event_type, "description": properties["type"]["description"]}
    properties["dataschema"] = {"const": schema_uri(model.event_type)}
    properties["data"] = data
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_uri(model.event_type),
        "title": model.event_type,
        "description": (model.__doc__ or "").strip(),
        "x-kafka-topic": model.topic.name,
        "type": "object",
        "properties": properties,
        "required": sorted(set(envelope.get("required", [])) | {"type", "dataschema"}),
    }
    if defs:
        schema["$defs"] = defs
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def expected_files(registry: EventRegistry) -> dict[str, str]:
    """File name -> content, for every registered event type."""
    return {f"{model.event_type}.json": render(event_schema(model)) for model in registry}


def write_schemas(registry: EventRegistry, directory: Path) -> list[Path]:
    """Write every schema and remove files of types that no longer exist."""
    directory.mkdir(parents=True, exist_ok=True)
    files = expected_files(registry)
    for stale in directory.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    written = []
    for name, content in files.items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(registry: EventRegistry, directory: Path) -> list[str]:
    """Names of committed files that differ from what the models generate (or are missing/extra)."""
    files = expected_files(registry)
    present = {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.json")} if directory.exists() else {}
    problems = [f"{name}: missing" for name in files if name not in present]
    problems += [f"{name}: out of date" for name, text in files.items() if name in present and present[name] != text]
    problems += [f"{name}: no such event type" for name in present if name not in files]
    return sorted(problems)
