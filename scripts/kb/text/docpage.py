"""Hand-written pages of docs/: their frontmatter (if any) apart from their markdown.

python-frontmatter finds the block; the YAML in it is read by kb's own reader (kb.text.yamlsource: YAML 1.2
typing, no aliases or tags), so a page under docs/ is read as safely as a record. Records themselves are split
by kb.check.load, which keeps the line of every field for the checker's messages.
"""

from __future__ import annotations

import frontmatter

from kb.text.yamlsource import read_yaml


class _Handler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs) -> dict:
        located = read_yaml(fm)
        if located.problems or not isinstance(located.data, dict):
            raise ValueError("phần đầu YAML của trang không đọc được")
        return located.data


def read_page(text: str) -> tuple[dict, str]:
    """(frontmatter, markdown) of a page; a page without a readable frontmatter block is all markdown."""
    if not _Handler().detect(text):
        return {}, text
    try:
        post = frontmatter.loads(text, handler=_Handler())
    except ValueError:
        return {}, text
    return dict(post.metadata), post.content


def searched(meta: dict) -> bool:
    """False when the page says `search: {exclude: true}` (MkDocs Material's own switch)."""
    search = meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude") is True)
