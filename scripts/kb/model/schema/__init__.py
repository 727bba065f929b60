"""The record model as data: JSON Schema files beside this module.

The checker validates against them and the contributor guide's field
reference is generated from them — one source of truth.

Two validators are made from the same documents: `compiled` (jsonschema-rs, the schema compiled to native
code: about a hundred times faster) answers "is this record valid?" for every record, and `validator`
(jsonschema) explains, only for a record the first finds invalid, every error with its path — the words
and positions of the diagnostics come from it alone.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jsonschema_rs
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from kb.model.kinds import RECORD_KINDS

SCHEMA_DIR = Path(__file__).parent
_CACHES: list = []


def cached(function):
    """A cache of something read from the schema documents, emptied by `forget` (a test that patches them)."""
    wrapped = lru_cache(maxsize=None)(function)
    _CACHES.append(wrapped)
    return wrapped


def forget() -> None:
    """Empty every cache made from the schema documents: the next read sees them as they are now."""
    for cache in _CACHES:
        cache.cache_clear()

SCHEMA_FILES = {**{kind.name: kind.schema_file for kind in RECORD_KINDS}, "catalog": "catalog.schema.yaml"}


@cached
def schema(name: str) -> dict:
    with open(SCHEMA_DIR / SCHEMA_FILES[name], encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cached
def registry() -> Registry:
    resources = [(schema(name)["$id"], Resource.from_contents(schema(name))) for name in SCHEMA_FILES]
    return Registry().with_resources(resources)


@cached
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """Validator for a record kind, or for one $defs entry of the catalogue schema."""
    document = schema(name)
    if definition:
        document = {"$ref": f"{document['$id']}#/$defs/{definition}"}
    return Draft202012Validator(document, registry=registry())


# jsonschema-rs resolves references as URLs: our ids ('kb/unit') are given this base, where no file is ever read
_COMPILED_BASE = "https://kb.invalid/"


@cached
def compiled(name: str, definition: str | None = None):
    """A fast validity test (`.is_valid(data)`) for a record kind or one $defs entry of the catalogue schema;
    the same documents as `validator`, compiled by jsonschema-rs. Only its yes/no is used: a record it
    refuses is explained by `validator`."""
    document = _absolute(schema(name))
    if definition:
        document = {"$ref": f"{document['$id']}#/$defs/{definition}"}
    registry = jsonschema_rs.Registry([(_COMPILED_BASE + schema(other)["$id"], _absolute(schema(other)))
                                       for other in SCHEMA_FILES])
    return jsonschema_rs.Draft202012Validator(document, registry=registry)


def _absolute(node):
    """A schema document whose $id and cross-file $ref are absolute URLs (jsonschema-rs needs them)."""
    if isinstance(node, dict):
        return {key: (_COMPILED_BASE + value if key == "$id" or key == "$ref" and not value.startswith("#")
                      else _absolute(value)) for key, value in node.items()}
    if isinstance(node, list):
        return [_absolute(item) for item in node]
    return node


def resolve(node: dict, base: str = "unit") -> dict:
    """Follow a local or cross-file $ref (and a single allOf) to the schema it names. A local $ref inside a
    node reached through a cross-file one resolves in that other file (a theme's source is the unit's)."""
    return _resolve(node, base)[0]


def _resolve(node: dict, base: str) -> tuple[dict, str]:
    while True:
        if "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            base = _name_of(target) if target else base
            document = schema(base)
            for part in pointer.strip("/").split("/"):
                document = document[part]
            extra = {k: v for k, v in node.items() if k != "$ref"}
            node = {**document, **extra}
            continue
        if "allOf" in node and len(node["allOf"]) == 1:
            extra = {k: v for k, v in node.items() if k != "allOf"}
            inner, base = _resolve(node["allOf"][0], base)
            node = {**inner, **extra, "properties": inner.get("properties", {})}
            continue
        return node, base


def _name_of(schema_id: str) -> str:
    return next(name for name in SCHEMA_FILES if schema(name)["$id"] == schema_id)


def kind_of_id(schema_id: str) -> str:
    """'kb/unit' → 'unit'."""
    return _name_of(schema_id)


def node(kind: str, definition: str | None = None, path: tuple = ()) -> dict:
    """The resolved schema of a record kind, of one of its $defs, and of a path inside it:
    an int steps into a list's items, '*' into an object's additionalProperties."""
    current, base = _resolve(schema(kind)["$defs"][definition] if definition else schema(kind), kind)
    for part in path:
        if isinstance(part, int):
            current, base = _resolve(current.get("items", {}), base)
        elif part == "*":
            current, base = _resolve(current.get("additionalProperties", {}), base)
        else:
            current, base = _resolve(current.get("properties", {}).get(part, {}), base)
    return current


def node_at(kind: str, path: tuple = ()) -> dict:
    """The (resolved) schema of the object at `path` in a record: ('models', 0) → a model."""
    return node(kind, None, tuple(path))


def field_order(kind: str, path: tuple = ()) -> list[str]:
    """Canonical key order of the object at `path` (schema 'x-order')."""
    node = node_at(kind, path)
    return list(node.get("x-order", node.get("properties", {}).keys()))


def allowed_fields(kind: str, path: tuple) -> list[str]:
    return list(node_at(kind, path).get("properties", {}).keys())
