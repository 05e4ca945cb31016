"""Is a new JSON Schema of an event type a compatible successor of the published one?

Within a major version (``type.vN``) three promises hold, because topics keep their events forever and
subscribers read them with code written against the published schema:

- every event valid under the published schema stays valid (a rebuild replays old events through the
  current models): no newly required property, no new or tighter constraint, no narrowed enum, no
  ``additionalProperties: false`` where it was open;
- every property a subscriber was promised stays, with the same type(s): no removed property, no
  changed type (a property that becomes nullable is a changed type too);
- every enum keeps exactly its values: no new value either. The published schemas close their enums,
  and so does the code Java and Go subscribers generate from them: a new value would make this
  month's events fail last month's schema (or an enum's ``valueOf``). A new value is a new major version.

Additive changes keep all three: a new optional property, a looser constraint, a changed description.
Anything else needs a new major version, published alongside: ``type.v(N+1)``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

Schema = dict[str, Any]

# Keywords whose value may only grow (a larger lower bound rejects events that were valid).
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# Keywords that may be removed but neither added nor changed.
_EXACT = ("pattern", "format", "const", "multipleOf", "uniqueItems")


def breaking_changes(published: Schema, current: Schema, *, always_present: Collection[str] = ()) -> list[str]:
    """Every breaking difference between two schemas of the same event type and major version, each as
    ``<where>: <what>`` (``where`` a path like ``data.member.education``); empty when compatible.

    ``always_present``: paths of properties that every event ever published carried although the published
    schema did not require them. Requiring one corrects the document: no existing event becomes invalid.
    """
    comparison = _Comparison(published, current, frozenset(always_present))
    return sorted(set(comparison.differences(published, current, "")))


class _Comparison:
    def __init__(self, published_root: Schema, current_root: Schema, always_present: frozenset[str]) -> None:
        self._roots = (published_root, current_root)
        self._always_present = always_present
        self._seen: set[tuple[str, str]] = set()

    def differences(self, old: Schema, new: Schema, where: str) -> Iterator[str]:
        old, old_ref = _resolve(self._roots[0], old)
        new, new_ref = _resolve(self._roots[1], new)
        if old_ref and new_ref:
            if (old_ref, new_ref) in self._seen:  # each pair of definitions is compared once (recursion)
                return
            self._seen.add((old_ref, new_ref))
        old_branches, new_branches = _branches(self._roots[0], old), _branches(self._roots[1], new)
        if set(old_branches) != set(new_branches):
            yield f"{_at(where)}type changed from {_types(old_branches)} to {_types(new_branches)}"
            return
        if len(old_branches) > 1:
            for kind, branch in old_branches.items():
                yield from self.differences(branch, new_branches[kind], where)
            return
        yield from _enum_changes(old, new, where)
        yield from _constraint_changes(old, new, where)
        yield from self._object_changes(old, new, where)
        for keyword, suffix in (("items", "[]"), ("additionalProperties", ".*")):
            if isinstance(old.get(keyword), dict) and isinstance(new.get(keyword), dict):
                yield from self.differences(old[keyword], new[keyword], f"{where}{suffix}")

    def _object_changes(self, old: Schema, new: Schema, where: str) -> Iterator[str]:
        old_properties, new_properties = old.get("properties", {}), new.get("properties", {})
        for name in sorted(old_properties):
            if name not in new_properties:
                yield f"{_join(where, name)}: property removed"
            else:
                yield from self.differences(old_properties[name], new_properties[name], _join(where, name))
        for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
            if _join(where, name) not in self._always_present:
                yield f"{_join(where, name)}: property newly required"
        if old.get("additionalProperties", True) is not False and new.get("additionalProperties") is False:
            yield f"{_at(where)}additional properties no longer allowed"


def _resolve(root: Schema, schema: Schema) -> tuple[Schema, str]:
    """Follow local ``$ref``s (``#/$defs/Name``); the schema and the last reference followed."""
    ref = ""
    while "$ref" in schema and str(schema["$ref"]).startswith("#/"):
        ref = schema["$ref"]
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, ref


def _branches(root: Schema, schema: Schema) -> dict[str, Schema]:
    """A schema as alternatives keyed by their JSON type (``anyOf``/``oneOf`` of pydantic's unions)."""
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if not alternatives:
        return {_kind(schema): schema}
    found: dict[str, Schema] = {}
    for alternative in alternatives:
        resolved, _ref = _resolve(root, alternative)
        found.update(_branches(root, resolved))
    return found


def _kind(schema: Schema) -> str:
    declared = schema.get("type")
    if isinstance(declared, list):
        return "|".join(sorted(declared))
    if declared:
        return str(declared)
    if "const" in schema or "enum" in schema:
        values = schema.get("enum", [schema.get("const")])
        return "|".join(sorted({type(v).__name__ for v in values}))
    return "any"


def _types(branches: dict[str, Schema]) -> str:
    return " or ".join(sorted(branches))


def _enum_changes(old: Schema, new: Schema, where: str) -> Iterator[str]:
    if "enum" not in new:
        return
    if "enum" not in old:
        yield f"{_at(where)}restricted to the values {new['enum']}"
        return
    removed = [value for value in old["enum"] if value not in new["enum"]]
    if removed:
        yield f"{_at(where)}enum values removed: {removed}"
    added = [value for value in new["enum"] if value not in old["enum"]]
    if added:
        yield f"{_at(where)}enum values added: {added} (a published enum is closed)"


def _constraint_changes(old: Schema, new: Schema, where: str) -> Iterator[str]:
    for keyword in _LOWER_BOUNDS:
        if keyword in new and (keyword not in old or new[keyword] > old[keyword]):
            yield f"{_at(where)}{keyword} tightened from {old.get(keyword, 'none')} to {new[keyword]}"
    for keyword in _UPPER_BOUNDS:
        if keyword in new and (keyword not in old or new[keyword] < old[keyword]):
            yield f"{_at(where)}{keyword} tightened from {old.get(keyword, 'none')} to {new[keyword]}"
    for keyword in _EXACT:
        if keyword in new and old.get(keyword, _MISSING) != new[keyword]:
            yield f"{_at(where)}{keyword} changed from {old.get(keyword, 'none')!r} to {new[keyword]!r}"


_MISSING = object()


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _at(where: str) -> str:
    return f"{where}: " if where else ""
