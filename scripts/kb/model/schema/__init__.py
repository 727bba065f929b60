"""The record model as data: JSON Schema files beside this module.

The checker validates against them and the contributor guide's field
reference is generated from them — one source of truth.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from kb.model.kinds import RECORD_KINDS

SCHEMA_DIR = Path(__file__).parent
SCHEMA_FILES = {**{kind.name: kind.schema_file for kind in RECORD_KINDS}, "catalog": "catalog.schema.yaml"}


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    with open(SCHEMA_DIR / SCHEMA_FILES[name], encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=None)
def registry() -> Registry:
    resources = [(schema(name)["$id"], Resource.from_contents(schema(name))) for name in SCHEMA_FILES]
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """Validator for a record kind, or for one $defs entry of the catalogue schema."""
    document = schema(name)
    if definition:
        document = {"$ref": f"{document['$id']}#/$defs/{definition}"}
    return Draft202012Validator(document, registry=registry())


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
