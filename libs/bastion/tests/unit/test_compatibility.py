"""The compatibility checker on small schema pairs: each kind of breaking change is found, additive
changes pass. A new enum value is breaking: the published enums are closed, and a subscriber validating
with last month's schema (or Java and Go code generated from it) would refuse the new value."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from bastion.events.compatibility import breaking_changes

PUBLISHED: dict[str, Any] = {
    "$defs": {
        "Level": {"enum": ["low", "high"], "type": "string"},
        "Person": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "level": {"$ref": "#/$defs/Level"},
                "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["name", "level"],
        },
    },
    "type": "object",
    "properties": {
        "type": {"const": "bastion.test.person.registered.v1"},
        "data": {
            "type": "object",
            "properties": {
                "person": {"$ref": "#/$defs/Person"},
                "stars": {"type": "integer", "minimum": 1, "maximum": 5},
                "born_on": {"type": "string", "format": "date"},
            },
            "required": ["person", "stars"],
        },
    },
    "required": ["type", "data"],
}


def changed(change: str) -> dict[str, Any]:
    """A copy of the published schema with one change applied (a Python statement on ``s``)."""
    schema = copy.deepcopy(PUBLISHED)
    exec(change, {"s": schema, "data": schema["properties"]["data"], "person": schema["$defs"]["Person"]})  # noqa: S102
    return schema


def test_the_same_schema_is_compatible() -> None:
    assert breaking_changes(PUBLISHED, copy.deepcopy(PUBLISHED)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            "data['properties']['person2'] = {'type': 'string'}",
            [],
            id="new optional property",
        ),
        pytest.param(
            "person['properties']['email'] = {'anyOf': [{'type': 'string'}, {'type': 'null'}], 'default': None}",
            [],
            id="new optional nested property",
        ),
        pytest.param("del data['properties']['stars']['maximum']", [], id="looser maximum"),
        pytest.param("data['properties']['stars']['minimum'] = 0", [], id="lower minimum"),
        pytest.param("del data['properties']['born_on']['format']", [], id="format dropped"),
        pytest.param("person['description'] = 'Someone.'", [], id="description"),
        pytest.param("data['required'].remove('stars')", [], id="required becomes optional"),
    ],
)
def test_additive_changes_pass(change: str, expected: list[str]) -> None:
    assert breaking_changes(PUBLISHED, changed(change)) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            "del data['properties']['born_on']",
            "data.born_on: property removed",
            id="removed property",
        ),
        pytest.param(
            "del person['properties']['tags']; person['required'] = ['name', 'level']",
            "data.person.tags: property removed",
            id="removed nested property behind a $ref",
        ),
        pytest.param(
            "data['properties']['stars'] = {'type': 'string'}",
            "data.stars: type changed from integer to string",
            id="changed type",
        ),
        pytest.param(
            "data['properties']['stars'] = {'anyOf': [{'type': 'integer'}, {'type': 'null'}]}",
            "data.stars: type changed from integer to integer or null",
            id="became nullable",
        ),
        pytest.param(
            "person['properties']['nickname'] = {'type': 'string'}",
            "data.person.nickname: type changed from null or string to string",
            id="no longer nullable",
        ),
        pytest.param(
            "person['properties']['tags']['items'] = {'type': 'integer'}",
            "data.person.tags[]: type changed from string to integer",
            id="changed item type",
        ),
        pytest.param(
            "data['required'].append('born_on')",
            "data.born_on: property newly required",
            id="newly required",
        ),
        pytest.param(
            "s['$defs']['Level']['enum'].remove('high')",
            "data.person.level: enum values removed: ['high']",
            id="narrowed enum",
        ),
        pytest.param(
            "s['$defs']['Level']['enum'].append('top')",
            "data.person.level: enum values added: ['top'] (a published enum is closed)",
            id="new enum value",
        ),
        pytest.param(
            "person['properties']['name']['enum'] = ['Li', 'Wang']",
            "data.person.name: restricted to the values ['Li', 'Wang']",
            id="new enum",
        ),
        pytest.param(
            "data['properties']['stars']['maximum'] = 4",
            "data.stars: maximum tightened from 5 to 4",
            id="tighter maximum",
        ),
        pytest.param(
            "person['properties']['name']['maxLength'] = 20",
            "data.person.name: maxLength tightened from none to 20",
            id="new maximum length",
        ),
        pytest.param(
            "person['properties']['name']['pattern'] = '^[a-z]+$'",
            "data.person.name: pattern changed from 'none' to '^[a-z]+$'",
            id="new pattern",
        ),
        pytest.param(
            "data['properties']['born_on']['format'] = 'date-time'",
            "data.born_on: format changed from 'date' to 'date-time'",
            id="changed format",
        ),
        pytest.param(
            "data['additionalProperties'] = False",
            "data: additional properties no longer allowed",
            id="closed object",
        ),
    ],
)
def test_each_breaking_change_is_named(change: str, expected: str) -> None:
    assert breaking_changes(PUBLISHED, changed(change)) == [expected]


def test_an_event_with_a_new_enum_value_fails_the_published_schema_so_the_value_is_breaking() -> None:
    current = changed("s['$defs']['Level']['enum'].append('top')")
    event = {
        "type": "bastion.test.person.registered.v1",
        "data": {"person": {"name": "Li", "level": "top"}, "stars": 3},
    }

    assert jsonschema.Draft202012Validator(current).is_valid(event)
    assert not jsonschema.Draft202012Validator(PUBLISHED).is_valid(event)  # a subscriber's pinned schema
    assert breaking_changes(PUBLISHED, current) != []


def test_requiring_a_property_every_published_event_carried_is_a_correction() -> None:
    current = changed("data['required'].append('born_on')")

    assert breaking_changes(PUBLISHED, current, always_present={"data.born_on"}) == []
    assert breaking_changes(PUBLISHED, current, always_present={"data.stars"}) == [
        "data.born_on: property newly required"
    ]


def test_recursive_definitions_terminate() -> None:
    node = {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}
    published = {"$defs": {"Node": node}, "$ref": "#/$defs/Node"}
    current = copy.deepcopy(published)
    current["$defs"]["Node"]["properties"]["children"]["items"] = {"type": "string"}

    assert breaking_changes(published, copy.deepcopy(published)) == []
    assert breaking_changes(published, current) == ["children[]: type changed from object to string"]
