"""Where else is this done: models of several units grouped by the practice they carry out.

Three ways a model joins a practice, strongest first:

1. its record names a curated practice id (`practice: so-tay-dang-vien`): the editors' grouping;
2. its title names the same practice as another's once case, marks, punctuation and a leading "mô hình",
   "phong trào" are set aside (`practice_key`);
3. its title and summary are alike enough to another's: a cosine similarity of idf-weighted words and pairs
   of neighbouring words at or above `THRESHOLD`, a value measured on labelled pairs of the real records
   (bench/practice_bench.py, bench/PRACTICE-RESULTS.md).

Two curated practices are never merged, however alike their models read. Similarity is summed only over words
and pairs that at most COMMON models hold, so the work grows linearly with the corpus. A group counts as a practice when two or more units report it.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from kb.model.paths import reserved_name
from kb.model.records import Model
from kb.text.vietnamese import fold

# Measured on the labelled pairs of bench/practice-pairs.yaml (bench/PRACTICE-RESULTS.md): the lowest threshold
# at which no labelled pair of two practices is taken for one (a wrong "done elsewhere" misleads more than a
# missing one: the editors' `practice` ids fill what similarity misses).
THRESHOLD = 0.30
TITLE_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 1.0
# What a model is, in the editor's words. Its `how` (steps, who takes part) and the source's excerpt (a sentence
# of the article, with its context) were measured too: they add words that units share without sharing a practice.
DESCRIPTION_FIELDS = ("summary",)
COMMON = 50  # a word shared by more models than this says little about a practice, and is not compared through

HOW_CURATED, HOW_TITLE, HOW_SIMILAR = "curated", "title", "similar"

# Words every model of the campaign may carry: they say nothing about which practice it is.
_STOP_TEXT = (
    "mô hình điển hình phong trào xây dựng thực hiện học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh "
    "tấm gương Bác cuộc vận động của và cho các những một mỗi trong để với được có là theo về từ tại ở đã này đó "
    "bài viết nhằm góp phần nâng cao tổ chức triển khai đơn vị cán bộ người dân nhân dân việc công tác hoạt động "
    "trên địa bàn năm tháng"
)
_WORD = re.compile(r"[^\W\d_]+")
STOP_WORDS = frozenset(_WORD.findall(_STOP_TEXT.lower()))

PRACTICE_KEY_MAX = 80  # bytes of UTF-8 (a title in another script folds to letters of up to four bytes)
_PRACTICE_PREFIXES = ("xay dung mo hinh", "mo hinh diem", "mo hinh", "dien hinh", "phong trao")


@functools.lru_cache(maxsize=1 << 18)  # pure, and asked for every title at every preview edit
def practice_key(title: str) -> str:
    """The practice a model title names, as a URL segment: case, marks, punctuation and a leading
    'mô hình', 'xây dựng mô hình', 'phong trào' ignored ('Mô hình “Dân vận khéo”' → 'dan-van-kheo')."""
    words = re.findall(r"[^\W_]+", fold(title))
    joined = " ".join(words)
    for prefix in _PRACTICE_PREFIXES:
        if joined.startswith(prefix + " "):
            joined = joined[len(prefix) + 1:]
            break
    key = joined.replace(" ", "-")
    if len(key.encode()) > PRACTICE_KEY_MAX:  # a file name's limit is in bytes; the whole title still decides the group
        cut = key.encode()[:PRACTICE_KEY_MAX - 9].decode("utf-8", "ignore")
        key = cut.rsplit("-", 1)[0] + "-" + hashlib.sha1(key.encode()).hexdigest()[:8]
    elif reserved_name(key):  # 'Mô hình Index' would be the practices' index page (kb.model.paths)
        key += "-" + hashlib.sha1(key.encode()).hexdigest()[:8]
    return key


def _words(value: str) -> list[str]:
    """Lower-case words as written (records are NFC; the old and new tone placements, 'hoà' and 'hòa', are the
    rare case this leaves apart — normalising each word costs most of the grouping's time at national scale)."""
    return _WORD.findall(value.lower())


def _terms(value: str) -> list[str]:
    """Words and pairs of neighbouring words, campaign words left out."""
    words = _words(value)
    kept = [w if w not in STOP_WORDS else "" for w in words]
    pairs = [f"{a} {b}" for a, b in zip(kept, kept[1:]) if a and b]
    return [w for w in kept if w and len(w) > 1] + pairs


def features(model: Model) -> dict[str, float]:
    """A model's terms and their weights before idf: its title's, and more lightly its description's."""
    found: dict[str, float] = {}
    description = " ".join(filter(None, (getattr(model, name) for name in DESCRIPTION_FIELDS)))
    for term in _terms(description):
        found[term] = DESCRIPTION_WEIGHT
    for term in _terms(model.title):
        found[term] = TITLE_WEIGHT
    return found


@dataclass
class Vectors:
    """Every model's idf-weighted, unit-length vector, and which models hold each term."""

    weights: list[dict[str, float]]
    postings: dict[str, list[int]]

    @classmethod
    def of(cls, models: list[Model]) -> Vectors:
        raw = [features(m) for m in models]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, terms in enumerate(raw):
            for term in terms:
                postings[term].append(index)
        idf = {term: math.log(1 + len(models) / len(found)) for term, found in postings.items()}
        weights = []
        for terms in raw:
            vector = {term: weight * idf[term] for term, weight in terms.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            weights.append({term: v / norm for term, v in vector.items()})
        return cls(weights, dict(postings))

    def similarity(self, a: int, b: int) -> float:
        small, large = sorted((self.weights[a], self.weights[b]), key=len)
        return sum(weight * large.get(term, 0.0) for term, weight in small.items())

    def later_alike(self, index: int) -> dict[int, float]:
        """The models after this one that share a term held by at most COMMON models, with their similarity
        over those terms (a word nearly every model has weighs little, and comparing through it would make the
        work grow with the square of the corpus)."""
        scores: dict[int, float] = defaultdict(float)
        for term, weight in self.weights[index].items():
            holders = self.postings[term]
            if len(holders) > COMMON:
                continue
            for other in holders[bisect.bisect_right(holders, index):]:
                scores[other] += weight * self.weights[other][term]
        return scores


def similar_pairs(models: list[Model], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for the models of different units alike enough to be one practice."""
    vectors = Vectors.of(models)
    pairs = []
    for index in range(len(models)):
        for other, score in sorted(vectors.later_alike(index).items()):
            if score >= threshold and models[other].unit_id != models[index].unit_id:
                pairs.append((index, other, score))
    return pairs


class _Groups:
    """Union-find over the models; a group holds at most one curated practice id."""

    def __init__(self, models: list[Model]) -> None:
        self.parent = list(range(len(models)))
        self.curated = [m.practice for m in models]

    def root(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def join(self, a: int, b: int) -> bool:
        """Put a and b in one group (the lower root kept); False when they were already, or cannot be."""
        a, b = self.root(a), self.root(b)
        if a == b or (self.curated[a] and self.curated[b] and self.curated[a] != self.curated[b]):
            return False
        keep, gone = (a, b) if a < b else (b, a)
        self.parent[gone] = keep
        self.curated[keep] = self.curated[keep] or self.curated[gone]
        return True


@dataclass
class Practice:
    key: str  # URL segment: the curated id, or the practice key of its shortest title
    models: list[Model]  # in the corpus's order of units
    how: str  # curated (the editors named it) | title (the same name) | similar (alike enough, suggested)

    @property
    def units(self) -> int:
        return len({m.unit_id for m in self.models})


def group(models: list[Model], threshold: float = THRESHOLD) -> list[Practice]:
    """The practices reported by two or more units, `models` in the corpus's order of units."""
    groups = _Groups(models)
    first: dict[tuple[str, str], int] = {}
    for index, model in enumerate(models):
        if model.practice:
            groups.join(first.setdefault(("curated", model.practice), index), index)
    for index, model in enumerate(models):
        key = practice_key(model.title)
        if key:
            groups.join(first.setdefault(("title", key), index), index)
    by_similarity = set()
    for a, b, _score in similar_pairs(models, threshold):
        if groups.join(a, b):
            by_similarity.add(groups.root(a))
    by_similarity = {groups.root(r) for r in by_similarity}  # a later join may have moved the root
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(models)):
        members[groups.root(index)].append(index)
    found, taken = [], set()
    for root, indexes in sorted(members.items()):
        chosen = [models[i] for i in indexes]
        if len({m.unit_id for m in chosen}) < 2:
            continue
        curated = groups.curated[root]
        key = curated or practice_key(min((m.title for m in chosen), key=lambda t: (len(t), t)))
        while key in taken:  # a suggested group named like a curated one or another group
            key += "-2"
        taken.add(key)
        how = HOW_CURATED if curated else HOW_SIMILAR if root in by_similarity else HOW_TITLE
        found.append(Practice(key, chosen, how))
    return found
