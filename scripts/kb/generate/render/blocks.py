"""Small pieces of the reader's pages that several builders share: counts that say what they count, folded
blocks, quotations inside quotations, the editor's notes in plain words."""

from __future__ import annotations

import re

from kb.model import paths
from kb.model import schema as schemas
from kb.text.markup import attribute, link, number_vn, text

# What a count counts, for the test that walks the built site (tests/site/test_counts.py): the distinct
# pages of one kind its link's target lists in the section it points to, or the rows there.
COUNT_UNITS, COUNT_MODELS, COUNT_LESSONS, COUNT_PROVINCES, COUNT_ROWS = "don-vi", "mo-hinh", "bai-hoc", "tinh", "dong"
# A listing whose anchor is one of these counts what it names, unless a count says otherwise (data-kb-of).


def counted(label: str, here: str, target: str, count: int, of: str, anchor: str | None = None) -> str:
    """A link whose text says a number: `[**5** đơn vị](…){data-kb-count="5" data-kb-of="don-vi"}`.
    `label` is markdown holding the number; the attributes let a test check the number against the target.
    What is counted goes unsaid when the anchor names it (a unit's `#mo-hinh`): tables of units stay light."""
    anchor = anchor if count else None  # a page that lists nothing has no listing to point into
    said = "" if of == anchor else f' data-kb-of="{of}"'
    return link(label, here, target, anchor) + f'{{data-kb-count="{count}"{said}}}'



def counted_number(here: str, target: str, count: int, of: str, anchor: str | None = None) -> str:
    """A table cell's count as a link to what it counts ('12' → the list of those 12)."""
    return counted(number_vn(count), here, target, count, of, anchor)


def unit_counts(here: str, unit) -> list[str]:
    """A unit's models and lessons as table cells: counts linking to where the unit's page lists them."""
    target = paths.unit(unit.id)
    return [counted_number(here, target, len(unit.models), COUNT_MODELS, "mo-hinh") if unit.models else "0",
            counted_number(here, target, len(unit.lessons), COUNT_LESSONS, "bai-hoc") if unit.lessons else "0"]


def quoted(value: str) -> str:
    """“value”, with the quotation marks inside it turned to single ones (‘…’), so quotes never nest
    as “… “…” …”. Plain text: escape it for where it lands."""
    inner = value.replace("“", "‘").replace("”", "’")
    inner = re.sub(r'"([^"]*)"', r"‘\1’", inner)
    return f"“{inner}”"


def folded(summary: str, body: str, css: str = "note", opened: bool = False) -> str:
    """A block the reader opens when wanted (<details>): `summary` is plain text (escaped here), `body` markdown."""
    if not body:
        return ""
    return (f'<details class="{css}" markdown="1"{" open" if opened else ""}>\n'
            f"<summary>{attribute(summary)}</summary>\n\n{body}\n\n</details>")


def _field_labels() -> dict[str, str]:
    """Schema property name → what a reader calls it: its column's title, or its description's first words."""
    labels: dict[str, str] = {}

    def visit(kind: str, path: tuple) -> None:
        for name, prop in schemas.node_at(kind, path).get("properties", {}).items():
            column = prop.get("x-column")
            said = column if isinstance(column, str) else re.split(r"[.:(]", prop.get("description", name))[0]
            labels.setdefault(name, said.strip().lower() or name)
            if prop.get("type") == "array" and "properties" in schemas.node_at(kind, (*path, name, 0)):
                visit(kind, (*path, name, 0))
    for kind in ("unit", "theme", "directive"):
        visit(kind, ())
    return labels


_FIELD_WORDS: tuple[re.Pattern, dict[str, str]] | None = None


def editor_words(note: str) -> str:
    """An editor's note for readers, as escaped markdown: field names of the record said in words
    (`point_units` → “đơn vị điểm”). A name is replaced where it cannot be an ordinary word: written between
    backquotes, holding an underscore, or one of the English plurals that name a unit's lists."""
    global _FIELD_WORDS
    if _FIELD_WORDS is None:
        labels = _field_labels()
        lists = [n for n, p in schemas.node_at("unit", ()).get("properties", {}).items() if p.get("type") == "array"]
        bare = sorted({n for n in labels if "_" in n} | set(lists), key=len, reverse=True)
        every = sorted(labels, key=len, reverse=True)
        pattern = re.compile(r"`(" + "|".join(map(re.escape, every)) + r")`|\b(" + "|".join(map(re.escape, bare))
                             + r")\b")
        _FIELD_WORDS = (pattern, labels)
    pattern, labels = _FIELD_WORDS
    return text(pattern.sub(lambda m: f"“{labels[m.group(1) or m.group(2)]}”", note))


# An editor's remark about the saved copy of an article ("Phần lưu lại của bài dừng ở đây.", "trang lưu bị cắt
# trước khi nêu tên mô hình"): a clause naming the copy and saying it stops or leaves something out; or one
# describing the article's photographs ("Bài có ảnh một góc xã."), which says nothing of the unit.
_COPY = r"(?:lưu lại|trang lưu|bản lưu|bài lưu|bản chép|đầu bài lưu)"
_STOPS = r"(?:dừng|cắt|chưa|không)"
_REMARK = re.compile(rf"(?=.*{_COPY})(?=.*{_STOPS})|\s*(?:Bài có ảnh|Trong ảnh|Ảnh:)", re.I | re.S)
_REMARK_ASIDE = re.compile(rf"\s*\((?=[^()]*{_COPY})(?=[^()]*{_STOPS})[^()]*\)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_MAYBE_REMARK = re.compile(r"lưu|chép|ảnh", re.I)
_BLOCK_START = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)])")


def editor_remarks(value: str) -> tuple[str, list[str]]:
    """(the text without the editor's remarks about the saved copy, those remarks). Paragraphs of prose are
    read clause by clause (sentences, then parts between ';'); lists, tables and quotes are left as written."""
    if not _MAYBE_REMARK.search(value):  # nearly every text: nothing to read clause by clause
        return value.strip(), []
    remarks: list[str] = []

    def aside(match: re.Match) -> str:
        remarks.append(match.group(0).strip()[1:-1])
        return ""

    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", value.strip()):
        if _BLOCK_START.match(paragraph):
            paragraphs.append(paragraph)
            continue
        kept_sentences = []
        for sentence in _SENTENCE_END.split(" ".join(_REMARK_ASIDE.sub(aside, paragraph).split())):
            clauses = [c for c in sentence.split("; ")]
            kept = [c for c in clauses if not _REMARK.match(c)]
            remarks += [c.strip() for c in clauses if _REMARK.match(c)]
            if kept:
                joined = "; ".join(kept)
                kept_sentences.append(joined if joined[-1:] in ".!?…" or len(kept) == len(clauses) else joined + ".")
        if kept_sentences:
            paragraphs.append(" ".join(kept_sentences))
    return "\n\n".join(paragraphs), [_sentence(r) for r in remarks]


def _sentence(clause: str) -> str:
    clause = clause.strip()
    return clause[:1].upper() + clause[1:] + ("" if clause[-1:] in ".!?…" else ".")
