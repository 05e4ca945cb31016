"""The committed contract (``contracts/``): event schemas per type and major version, and the AsyncAPI
document; written from the code, checked for staleness and for breaking changes.

The committed schema of ``type.vN`` is what subscribers were promised. :func:`write_contracts` refuses to
overwrite it with a breaking change (regenerating would hide the break from :func:`check_contracts`);
the fix is a new major version, ``type.v(N+1)``, registered alongside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bastion.events.asyncapi import asyncapi_document
from bastion.events.asyncapi import render as render_asyncapi
from bastion.events.compatibility import breaking_changes
from bastion.events.envelope import ALWAYS_PUBLISHED
from bastion.events.model import EventData
from bastion.events.registry import EventRegistry
from bastion.events.schemas import event_schema, stale_schemas, write_schemas
from bastion.events.topics import Topic

EVENTS_DIRECTORY = "events"
ASYNCAPI_FILE = "asyncapi.json"


@dataclass(frozen=True)
class Contracts:
    """What the contract is generated from: the event types, the topics (in order) and the version."""

    registry: EventRegistry
    topics: tuple[Topic, ...]
    dead_letters: Topic
    version: str

    def asyncapi(self) -> str:
        document = asyncapi_document(
            self.registry, self.topics, dead_letters=self.dead_letters, version=self.version, schemas_path="events"
        )
        return render_asyncapi(document)


def incompatible_changes(registry: EventRegistry, published: Path) -> list[str]:
    """The breaking changes of every event type against its schema in ``published`` (a folder of
    ``<type>.json``; types without a published schema are new and cannot break anything)."""
    problems = []
    for model in registry:
        path = published / f"{model.event_type}.json"
        if path.exists():
            published_schema = json.loads(path.read_text(encoding="utf-8"))
            # Requiring an attribute every published event carried (``specversion``) corrects the schema.
            changes = breaking_changes(published_schema, event_schema(model), always_present=ALWAYS_PUBLISHED)
            problems += [_explain(model, change) for change in changes]
    return problems


def _explain(model: type[EventData], change: str) -> str:
    major = model.major_version()
    successor = f"{model.event_type.rsplit('.v', 1)[0]}.v{major + 1}"
    return f"{model.event_type}: {change}: breaks the published v{major}; add {successor} instead"


def check_contracts(contracts: Contracts, root: Path, published: Path | None = None) -> list[str]:
    """Everything wrong with the committed contract under ``root``: breaking changes (against
    ``published``, by default the committed schemas themselves), stale or missing files."""
    problems = incompatible_changes(contracts.registry, published or root / EVENTS_DIRECTORY)
    problems += stale_schemas(contracts.registry, root / EVENTS_DIRECTORY)
    asyncapi = root / ASYNCAPI_FILE
    if not asyncapi.exists():
        problems.append(f"{ASYNCAPI_FILE}: missing")
    elif asyncapi.read_text(encoding="utf-8") != contracts.asyncapi():
        problems.append(f"{ASYNCAPI_FILE}: out of date")
    return problems


def write_contracts(contracts: Contracts, root: Path) -> list[str]:
    """Regenerate the contract under ``root`` unless a change breaks a published schema; the breaking
    changes (nothing is written when there are any)."""
    breaking = incompatible_changes(contracts.registry, root / EVENTS_DIRECTORY)
    if breaking:
        return breaking
    write_schemas(contracts.registry, root / EVENTS_DIRECTORY)
    (root / ASYNCAPI_FILE).write_text(contracts.asyncapi(), encoding="utf-8")
    return []
