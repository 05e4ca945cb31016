"""A JSON Schema of a CloudEvent 1.0 in the JSON event format, written from the specification (not from
Bastion's models), and a format checker that really checks ``date-time`` and URI references.

CloudEvents 1.0 (core, "Context Attributes"): ``id``, ``source``, ``specversion`` and ``type`` are
required; ``datacontenttype``, ``dataschema``, ``subject`` and ``time`` are optional; attribute names are
lower-case letters and digits; values of ``id``, ``source``, ``type`` and ``subject`` are non-empty
strings, ``source`` a URI-reference, ``dataschema`` a URI, ``time`` an RFC 3339 timestamp. The JSON format
carries the payload in ``data`` (JSON) or ``data_base64``, never both. Extension attributes are strings,
integers or booleans in JSON.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import jsonschema

_NON_EMPTY = {"type": "string", "minLength": 1}

CLOUDEVENT_1_0: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "CloudEvent 1.0, JSON event format",
    "type": "object",
    "properties": {
        "specversion": {"const": "1.0"},
        "id": _NON_EMPTY,
        "source": {**_NON_EMPTY, "format": "uri-reference"},
        "type": _NON_EMPTY,
        "datacontenttype": {"type": "string", "pattern": r"^[\w.+-]+/[\w.+-]+(\s*;.*)?$"},
        "dataschema": {**_NON_EMPTY, "format": "uri"},
        "subject": _NON_EMPTY,
        "time": {"type": "string", "format": "date-time"},
        "data": {},
        "data_base64": {"type": "string", "contentEncoding": "base64"},
    },
    "required": ["specversion", "id", "source", "type"],
    "not": {"required": ["data", "data_base64"]},
    "propertyNames": {"anyOf": [{"pattern": "^[a-z0-9]+$"}, {"const": "data_base64"}]},
    "additionalProperties": {"type": ["string", "integer", "boolean"]},
}

# RFC 3339 section 5.6: full-date "T" full-time, with a mandatory offset ("Z" or ±hh:mm).
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")

format_checker = jsonschema.FormatChecker()  # the default ones (uuid, date, ...) and these:


@format_checker.checks("date-time", raises=ValueError)
def _rfc3339(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    datetime.fromisoformat(value.upper().replace("Z", "+00:00"))  # raises for 2025-13-45 and the like
    return True


@format_checker.checks("uri-reference")
def _uri_reference(value: object) -> bool:
    return not isinstance(value, str) or (bool(value) and not re.search(r"\s", value))


@format_checker.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or (_uri_reference(value) and bool(_SCHEME.match(urlsplit(value).scheme)))


def cloudevent_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(CLOUDEVENT_1_0, format_checker=format_checker)


def data_validator(event_schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator of a whole event against its committed schema, with the formats really checked."""
    return jsonschema.Draft202012Validator(event_schema, format_checker=format_checker)
