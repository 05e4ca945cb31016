"""The committed AsyncAPI document is current, valid against the official AsyncAPI 3.0.0 JSON Schema (from the
npm package ``@asyncapi/specs``, installed by ``npm ci`` in ``contracts/tooling``), complete, and every
reference in it leads somewhere."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema.validators import validator_for

from bastion.consumer.dead_letters import DEAD_LETTERS
from bastion.events.contracts import check_contracts
from bastion_contracts import ALL_TOPICS, REGISTRY
from bastion_contracts.published import published_contracts
from tests.contracts.cloudevents import CLOUDEVENT_1_0

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
SPEC = CONTRACTS / "tooling" / "node_modules" / "@asyncapi" / "specs" / "schemas" / "3.0.0.json"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC.exists():
        pytest.fail(f"{SPEC} is missing: run `npm ci` in contracts/tooling (make contract-tooling)")
    loaded: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((CONTRACTS / "asyncapi.json").read_text(encoding="utf-8"))
    return loaded


def spec_validator(spec: dict[str, Any]) -> jsonschema.protocols.Validator:
    return jsonschema.Draft7Validator(spec, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_committed_contract_is_current_and_compatible() -> None:
    assert check_contracts(published_contracts(), CONTRACTS) == [], "run `make contracts` and commit contracts/"


def test_the_official_schema_is_draft_07_and_is_read_as_such(spec: dict[str, Any]) -> None:
    # jsonschema falls back to its newest draft for a $schema it does not know: make sure it knows this one.
    assert spec["$schema"].rstrip("#") == "http://json-schema.org/draft-07/schema"
    assert validator_for(spec, default=None) is jsonschema.Draft7Validator
    jsonschema.Draft7Validator.check_schema(spec)


def test_the_document_is_valid_asyncapi_3(spec: dict[str, Any], document: dict[str, Any]) -> None:
    errors = sorted(spec_validator(spec).iter_errors(document), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    assert document["asyncapi"] == "3.0.0"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(("operations", "send.bastion.roster.members", "action"), "publish", id="AsyncAPI 2 action"),
        pytest.param(("channels", "bastion.roster.members", "bindings", "kafka", "partitions"), "6", id="binding"),
        pytest.param(("channels", "bastion.roster.members", "address"), 42, id="address"),
        pytest.param(("info", "version"), None, id="no version"),
    ],
)
def test_the_validation_rejects_a_broken_document(
    spec: dict[str, Any], document: dict[str, Any], path: tuple[str, ...], value: object
) -> None:
    broken = copy.deepcopy(document)
    target = broken
    for part in path[:-1]:
        target = target[part]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value

    assert not spec_validator(spec).is_valid(broken)


def test_every_topic_and_event_type_is_in_the_document(document: dict[str, Any]) -> None:
    channels = document["channels"]
    assert set(channels) == {topic.name for topic in ALL_TOPICS} | {DEAD_LETTERS.name}
    for topic in (*ALL_TOPICS, DEAD_LETTERS):
        assert channels[topic.name]["address"] == "{prefix}" + topic.name
        assert channels[topic.name]["bindings"]["kafka"]["partitions"] == topic.partitions
        assert channels[topic.name]["bindings"]["kafka"]["topicConfiguration"]["retention.ms"] == topic.retention_ms
    for model in REGISTRY:
        assert model.event_type in channels[model.topic.name]["messages"]
        message = document["components"]["messages"][model.event_type]
        assert message["payload"]["allOf"][1]["properties"]["type"] == {"const": model.event_type}


def test_the_cloudevent_schema_requires_every_attribute_cloudevents_requires(document: dict[str, Any]) -> None:
    envelope = document["components"]["schemas"]["CloudEvent"]
    assert set(CLOUDEVENT_1_0["required"]) <= set(envelope["required"])


def references(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def resolve(document: dict[str, Any], pointer: str) -> object:
    target: Any = document
    for part in pointer.lstrip("/").split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def test_every_reference_leads_somewhere(document: dict[str, Any]) -> None:
    found = list(references(document))
    external = [ref for ref in found if not ref.startswith("#")]
    assert len(external) == len(list(REGISTRY)), "one reference to each event type's schema"
    for ref in found:
        file, _, pointer = ref.partition("#")
        target = json.loads((CONTRACTS / file).read_text(encoding="utf-8")) if file else document
        assert resolve(target, pointer), ref
