"""mkdocs.yml as data, for the parts of kb that need a value of it without MkDocs: the site's public address.

Its values may be `!ENV [NAME, default]` (MkDocs' own tag): the variable when set, else the default.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose values may be `!ENV [NAME, default]`."""


def _env_value(loader: _ConfigLoader, node: yaml.Node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env_value)


def read_config(config: Path) -> dict:
    """mkdocs.yml with its !ENV values resolved; {} when there is none."""
    try:
        return yaml.load(Path(config).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except FileNotFoundError:
        return {}


def site_url(config: Path) -> str:
    """The site's public address ('https://example.org/lam-theo-bac/', always ending in '/'), or ''."""
    found = str(read_config(config).get("site_url") or "")
    return found if not found or found.endswith("/") else found + "/"
