"""Request shapes as the OpenAPI document states them, so a client generated from it (Java, Go) sends only
what the service accepts.

Two kinds of declaration:

- checked by the model and documented by it: text that must not be blank (:data:`NOT_BLANK`, with
  ``strip_whitespace`` and ``min_length``);
- documented on the model, checked by the domain with its own error code and Chinese message (the code
  is part of the API, and the domain checks callers other than the API too): decimals
  (:func:`decimal_number`) and rules between fields (:func:`only_when`, :func:`needed_when`, or
  :func:`one_of` / :func:`any_of` of :func:`both` of :func:`when`, :func:`given`, :func:`absent`). Build
  them from the same constants the domain checks with.

``tests/hostile/test_documents.py`` sends data each document allows and fails on a refusal of its shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import WithJsonSchema

JsonSchema = dict[str, Any]

# At least one character that is not white space: pydantic strips before it checks ``min_length``, so "  "
# is refused although it is one character or more. Besides JSON Schema's ``\s``, pydantic strips U+0085
# and Python's ``str.strip()`` (which domain code uses) also U+001C-U+001F.
NOT_BLANK = r"[^\s\x1c-\x1f\x85]"


def decimal_number(*, above: Decimal, at_most: Decimal, step: Decimal) -> WithJsonSchema:
    """A decimal documented as a JSON number in (``above``, ``at_most``], a multiple of ``step``.

    Pydantic would document a decimal as a number *or any string*; the service parses a numeric string
    too, but the document promises only what it accepts.
    """
    schema = {"type": "number", "exclusiveMinimum": _number(above), "maximum": _number(at_most)}
    return WithJsonSchema({**schema, "multipleOf": _number(step)}, mode="validation")


def one_of(*alternatives: JsonSchema) -> JsonSchema:
    """A body that must take exactly one of these forms (each a partial object schema)."""
    return {"oneOf": list(alternatives)}


def any_of(*alternatives: JsonSchema) -> JsonSchema:
    """A body that must take at least one of these forms (each a partial object schema)."""
    return {"anyOf": list(alternatives)}


def given(field: str, schema: JsonSchema | None = None) -> JsonSchema:
    """Part of an alternative: ``field`` is present and not null (of ``schema``, default a UUID)."""
    return {"required": [field], "properties": {field: schema or {"type": "string", "format": "uuid"}}}


def absent(field: str) -> JsonSchema:
    """Part of an alternative: ``field`` is left out or null."""
    return {"properties": {field: {"type": "null"}}}


def when(field: str, *values: str) -> JsonSchema:
    """Part of an alternative: ``field`` has one of ``values``."""
    return {"required": [field], "properties": {field: {"enum": list(values)}}}


def both(*parts: JsonSchema) -> JsonSchema:
    """One alternative made of several parts (their ``required`` and ``properties`` merged)."""
    merged: JsonSchema = {"required": [], "properties": {}}
    for part in parts:
        merged["required"] += [name for name in part.get("required", []) if name not in merged["required"]]
        merged["properties"].update(part.get("properties", {}))
    if not merged["required"]:
        del merged["required"]
    return merged


def all_of(*rules: JsonSchema) -> JsonSchema:
    """A body that keeps every one of these rules."""
    return {"allOf": list(rules)}


def needed_when(
    field: str, selector: str, values: Iterable[str], others: Iterable[str], schema: JsonSchema | None = None
) -> JsonSchema:
    """``field`` must be given (of ``schema``, default a UUID) when ``selector`` is one of ``values`` (it may
    be given otherwise); ``others`` are the remaining values of ``selector``."""
    return any_of(when(selector, *others), given(field, schema))


def only_when(
    field: str, selector: str, values: Iterable[str], others: Iterable[str], schema: JsonSchema | None = None
) -> JsonSchema:
    """``field`` is given (of ``schema``, default a UUID) when ``selector`` is one of ``values``, and only then."""
    return one_of(both(when(selector, *values), given(field, schema)), both(when(selector, *others), absent(field)))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
