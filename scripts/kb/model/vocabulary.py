"""The project's vocabularies: every enumeration of the schema with its Vietnamese labels.

An enumeration in `schema/*.yaml` that readers or contributors see carries
`x-vocabulary: <name>` and `x-labels: {value: label}`. This module is the one
place the checker's messages, the pages, the search facets, the CLI choices,
the scaffolds and the issue forms take their choices and labels from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.model import schema as schemas


class UnknownVocabulary(KeyError):
    pass


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@lru_cache(maxsize=None)
def _vocabularies() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for kind in schemas.SCHEMA_FILES:
        for node in _walk(schemas.schema(kind)):
            name = node.get("x-vocabulary")
            if name is None:
                continue
            labels = node.get("x-labels", {})
            found[name] = {str(value): labels.get(value, str(value)) for value in node.get("enum", [])}
    return found


def names() -> list[str]:
    return sorted(_vocabularies())


def choices(name: str) -> list[tuple[str, str]]:
    """(value, label) pairs in the schema's order."""
    try:
        return list(_vocabularies()[name].items())
    except KeyError:
        raise UnknownVocabulary(name) from None


def values(name: str) -> list[str]:
    return [value for value, _ in choices(name)]


def labels(name: str) -> dict[str, str]:
    return dict(choices(name))


def label(name: str, value: str) -> str:
    """The Vietnamese label of a value; a value outside the vocabulary is a bug upstream (validated data)."""
    return labels(name)[value]


def enum_choices(node: dict) -> list[tuple[str, str]]:
    """(value, Vietnamese label) for each value of a schema enumeration.

    A named vocabulary (`x-vocabulary`) is read from `choices`; otherwise the labels come from
    the schema's `x-labels` when it has them, else from the field description,
    which writes them as 'value (label)'; a value with neither is its own label.
    """
    if node.get("x-vocabulary"):  # the project's vocabularies give choices and labels
        return choices(node["x-vocabulary"])
    labels = node.get("x-labels") or {}
    description = node.get("description", "")
    out = []
    for value in node["enum"]:
        label = labels.get(value)
        if label is None:
            found = re.search(r"(?<![\w-])" + re.escape(str(value)) + r" \(([^()]+)\)", description)
            label = found.group(1) if found else str(value)
        out.append((value, label))
    return out
