"""Hostile payloads and a filler that puts them into every string property the schema knows.

The string properties are found by walking `scripts/kb/schema/*.yaml` (every record kind and every
catalogue), so a field added to the schema later is attacked without anyone remembering it. A
property is "free text" when the schema lets any string in (no enum, no pattern); a property
whose pattern starts with https? gets the URL payloads. Shared by tests/site/test_hostile_browser.py and
bench/fuzz_check.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from kb.model import schema as schemas

# Each payload sets window.__pwned or opens a dialog if it ever runs.
PAYLOADS: dict[str, list[str]] = {
    "title-breakout": [
        '</title><img src=x onerror="window.__pwned=\'title\'">',
        "&lt;/title&gt;&lt;img src=x onerror=alert('entity-title')&gt;",
        '</title ><img alt=">" src=x onerror=alert(\'alt\')>',
        "</title/><img/src=\"x\"/onerror=window.__pwned='slash'>",
        "<script>window.__pwned='script'</script>",
    ],
    "markdown": [
        "[xem](javascript:window.__pwned='mdlink')",
        "![x](https://x.invalid/a.png){: onerror=\"window.__pwned='attr'\"}",
        "Tiêu đề {: onclick=alert('attr-heading') }",
        "[a](https://example.org \"<img src=x onerror=alert('linktitle')>\")",
        "<https://example.org/\"onmouseover=\"window.__pwned='auto'>",
    ],
    "entity-scheme": [
        "[x](&#106;avascript&colon;window.__pwned='entity')",
        '<a href="&#x6A;avascript:alert(\'hex\')">bấm</a>',
        '<a href="jav&#x09;ascript:alert(\'tab\')">bấm</a>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
    "html-handlers": [
        "<svg/onload=window.__pwned='svg'>",
        "<details open ontoggle=window.__pwned='details'>x</details>",
        "<img src=x\nonerror=window.__pwned='split'>",
        "<math><mi xlink:href=\"javascript:alert('math')\">x</mi></math>",
        "<iframe srcdoc=\"<script>parent.__pwned='srcdoc'</script>\"></iframe>",
    ],
    "tooltip-bait": [
        "Bài học kinh nghiệm rất dài về công tác học tập và làm theo tư tưởng đạo đức phong cách "
        "Hồ Chí Minh ở cơ sở <img/src=\"x\"/onerror=window.__pwned='toc'>",
        "\" title=\"<img src=x onerror=alert('title-attr')>",
        "<abbr title=\"<img src=x onerror=alert('abbr')>\">CN</abbr>",
    ],
    "attribute-breakout": [  # out of an attribute of <head> (description, canonical) when escaping is missed
        '"><img src=x onerror="window.__pwned=\'head-img\'">',
        "\"><script>window.__pwned='head-script'</script>",
        "'><svg onload=window.__pwned='head-svg'>",
    ],
    "invisible": [
        "java\u200bscript:window.__pwned='zw'",
        "\u202e<img src=x onerror=window.__pwned='bidi'>\u202c",
        "\u2066<svg onload=alert('isolate')>\u2069",
        "\ufeff=HYPERLINK(\"https://x.invalid\")",
    ],
}
URL_PAYLOADS = [
    "https://example.org/![x](https://x.invalid/a.png){:onerror=window.__pwned='urlimg'}",
    "https://example.org/[xem](javascript:window.__pwned='urllink')",
    "https://example.org/\"onmouseover=\"window.__pwned='urlquote'",
    "https://example.org/?q=<script>window.__pwned='urlscript'</script>",
    "https://example.org/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
]
BODY = "\n\n".join(p for payloads in PAYLOADS.values() for p in payloads) + "\n"

SCHEMA_FILES = {"unit": "records/units", "theme": "records/themes", "directive": "records/directives"}
CATALOGS = {"topics": "topics.yml", "indicators": "indicators.yml", "provinces": "provinces.yml",
            "districts": "districts.yml"}


def resolve(node: dict, base: str) -> tuple[dict, str]:
    """Follow $ref (local or to another schema file) and a single allOf; returns (node, its file)."""
    while True:
        if "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            base = schemas._name_of(target) if target else base
            document = schemas.schema(base)
            for part in filter(None, pointer.split("/")):
                document = document[part]
            node = {**document, **{k: v for k, v in node.items() if k != "$ref"}}
        elif "allOf" in node and len(node["allOf"]) == 1:
            inner, base = resolve(node["allOf"][0], base)
            node = {**inner, **{k: v for k, v in node.items() if k != "allOf"},
                    "properties": inner.get("properties", {})}
        else:
            return node, base


def is_free_text(node: dict) -> bool:
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    return "string" in types and "enum" not in node and "pattern" not in node and "const" not in node


def is_url(node: dict) -> bool:
    return "string" in str(node.get("type")) and str(node.get("pattern", "")).startswith("^https?")


def string_paths(node: dict, base: str, path: tuple = ()) -> set[tuple]:
    """Every free-text or URL property of a schema, as a path ('models', '*', 'title')."""
    node, base = resolve(node, base)
    if is_free_text(node) or is_url(node):
        return {path}
    found: set[tuple] = set()
    for key, child in (node.get("properties") or {}).items():
        found |= string_paths(child, base, path + (key,))
    if isinstance(node.get("additionalProperties"), dict):
        found |= string_paths(node["additionalProperties"], base, path + ("*",))
    if isinstance(node.get("items"), dict):
        found |= string_paths(node["items"], base, path + ("*",))
    return found


def fill(node: dict, data: Any, base: str, text: Iterator[str], urls: Iterator[str], done: set,
         path: tuple = ()) -> Any:
    """`data` with every free-text value (present or optional) replaced by the next payload."""
    node, base = resolve(node, base)
    if is_url(node):
        done.add(path)
        return next(urls)
    if is_free_text(node):
        done.add(path)
        limit = node.get("maxLength", 10**6)
        return next(text)[-limit:]
    if isinstance(data, dict):
        properties = node.get("properties") or {}
        for key, child in properties.items():
            resolved, _ = resolve(child, base)
            if key in data:
                data[key] = fill(child, data[key], base, text, urls, done, path + (key,))
            elif is_free_text(resolved) or is_url(resolved):
                data[key] = fill(child, None, base, text, urls, done, path + (key,))
            elif resolved.get("type") == "array" and isinstance(resolved.get("items"), dict):
                item = _empty_item(resolved["items"], base)
                if item is not _NONE:  # an absent list the filler can make: one item of payloads
                    data[key] = fill(child, [item], base, text, urls, done, path + (key,))
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            for key in [k for k in data if k not in properties]:
                data[key] = fill(extra, data[key], base, text, urls, done, path + ("*",))
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        return [fill(node["items"], item, base, text, urls, done, path + ("*",)) for item in data]
    return data


_NONE = object()


def _empty_item(node: dict, base: str):
    """A list item to fill: None for free text, {} for an object whose required fields are all free text."""
    node, base = resolve(node, base)
    if is_free_text(node):
        return None
    if node.get("type") == "object":
        properties = node.get("properties") or {}
        if all(is_free_text(resolve(properties.get(k, {}), base)[0]) for k in node.get("required", [])):
            return {}
    return _NONE


def attack_project(project: Path, payloads: list[str]) -> set[tuple]:
    """Fill every record and catalogue of `project` with `payloads`; returns the (kind, path) filled."""
    # A number before each payload keeps titles apart (two models with one title would share an id).
    text = (f"{n}·{payload}" for n, payload in enumerate(itertools.cycle(payloads)))
    urls = itertools.cycle(URL_PAYLOADS)
    done: set[tuple] = set()
    records = project / "records"
    for kind, folder in SCHEMA_FILES.items():
        for path in sorted((project / folder).rglob("*.md")):
            head, meta, _body = path.read_text(encoding="utf-8").split("---\n", 2)
            data = yaml.safe_load(meta)
            filled: set[tuple] = set()
            data = fill(schemas.schema(kind), data, kind, text, urls, filled)
            done |= {(kind,) + p for p in filled}
            path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
                            + "---\n" + BODY, encoding="utf-8")
    for definition, name in CATALOGS.items():
        path = records / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        node = {"$ref": f"{schemas.schema('catalog')['$id']}#/$defs/{definition}"}
        filled = set()
        data = fill(node, data, "catalog", text, urls, filled)
        done |= {(definition,) + p for p in filled}
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return done


def every_string_path() -> set[tuple]:
    """What the schema says must be attacked: (kind, path) of every free-text and URL property."""
    found = {(kind,) + p for kind in SCHEMA_FILES for p in string_paths(schemas.schema(kind), kind)}
    for definition in CATALOGS:
        node = {"$ref": f"{schemas.schema('catalog')['$id']}#/$defs/{definition}"}
        found |= {(definition,) + p for p in string_paths(node, "catalog")}
    return found
