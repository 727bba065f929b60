"""Shortcomings: the clauses after "hạn chế", "tồn tại", "Tuy nhiên" that say what is still lacking
("chưa", "còn", "thiếu"), one item per clause, verbatim (the connective before it dropped)."""

from __future__ import annotations

import re

from kb.intake.article.text import sentences

_OPENING = re.compile(r"(?:còn (?:những|một số|nhiều)?\s*(?:hạn chế|tồn tại|khó khăn)[^:;.]*[:.]|hạn chế\s*:|tồn tại\s*:|"
                      r"hạn chế,?\s*(?:cần rút kinh nghiệm|như sau)?\s*[.:])", re.I)
_CONNECTIVE = re.compile(r"^(?:Cụ thể(?: là)?\s*[:,]?|Tuy nhiên\s*,|Bên cạnh đó\s*,|Ngoài ra\s*,|Mặt khác\s*,|Song\s*,|"
                         r"Nhưng\s*,?)\s*", re.I)
_LACK = re.compile(r"\b(?:chưa|còn|thiếu|yếu|hạn chế|lúng túng|chậm)\b", re.I)
_TURN = re.compile(r"^(?:Tuy nhiên|Bên cạnh đó|Song|Nhưng)\b", re.I)


def find_limitations(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(text, sentence) for each shortcoming."""
    found: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        opening = _OPENING.search(paragraph)
        if opening:
            rest = paragraph[opening.end():]
            for sentence in sentences(rest):
                clauses = [c for c in re.split(r";\s*", sentence) if c.strip()]
                taken = [c for c in clauses if _LACK.search(c)]
                if not taken:
                    break
                whole = next((t for t in sentences(paragraph) if sentence[:60] in t), sentence)
                for clause in taken:
                    found.append((_clean(clause), whole))
            continue
        in_turn = False
        for sentence in sentences(paragraph):
            if _TURN.match(sentence) and _LACK.search(sentence):
                in_turn = True
            elif not _LACK.search(sentence) or not in_turn:
                in_turn = False
                continue
            if in_turn and re.search(r"\b(?:cần|phải|đề nghị|nhấn mạnh)\b", sentence) and not _TURN.match(sentence):
                in_turn = False
                continue
            for clause in re.split(r";\s*", sentence):
                if _LACK.search(clause):
                    found.append((_clean(clause), sentence))
    unique, seen = [], set()
    for text, sentence in found:
        if text and text not in seen and len(text.split()) >= 4:
            seen.add(text)
            unique.append((text, sentence))
    return unique


def _clean(clause: str) -> str:
    clause = _CONNECTIVE.sub("", clause.strip())
    clause = re.sub(r"\s{2,}", " ", clause)
    return clause.rstrip(" .;,") if not clause.endswith("…") else clause.strip()
