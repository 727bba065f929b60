"""Stage 3 (continued) — the indexes and groupings of the linked corpus, computed once for every page.

Who links to whom in both directions, similar models, the same practice at several units, years and
reports per year, the newest reports, and the regroupings of topic and field pages. The checker's
`link` makes the corpus without them; every page builder calls `ensure` first, and render only lays
them out.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import defaultdict

from kb.model.corpus import Corpus
from kb.model.paths import reserved_name
from kb.model.records import Lesson, Model, Source, Theme
from kb.text.vietnamese import comparable_title, fold, sort_key

RELATED_LIMIT = 8
RELATED_CANDIDATES = 200  # models scored per model, rarest shared words first
RELATED_COMMON = 50  # a title word shared by more models than this says nothing about similarity


def build(corpus: Corpus) -> None:
    _build_indexes(corpus)
    corpus.grouped = True


def ensure(corpus: Corpus) -> Corpus:
    """The corpus with its indexes and groupings filled: every page builder calls this first (once per corpus)."""
    if not corpus.grouped:
        build(corpus)
    return corpus


def _build_indexes(corpus: Corpus) -> None:
    by = lambda: defaultdict(list)  # noqa: E731
    models_by_field, lessons_by_topic, units_by_province = by(), by(), by()
    units_by_theme, units_by_directive, children, owned = by(), by(), by(), by()
    theme_models, themes_by_directive, guided, replaced_by = by(), by(), by(), by()
    directives_by_province, directives_by_issuer, by_indicator = by(), by(), by()
    theme_titles = {comparable_title(t.title): t for t in corpus.themes.values()}
    for unit in corpus.sorted_units():
        units_by_province[unit.province].append(unit)
        for theme_id in unit.themes:
            units_by_theme[theme_id].append(unit)
        for directive_id in unit.directives:
            units_by_directive[directive_id].append(unit)
        if unit.parent:
            children[unit.parent].append(unit)
        for model in unit.models:
            models_by_field[model.field].append(model)
            if model.owner_unit:
                owned[model.owner_unit].append(model)
            match = _theme_for_model(model, theme_titles)
            if match:
                theme_models[match[0]].append(model)
                corpus.model_theme[(unit.id, model.id)] = match
        for lesson in unit.lessons:
            for topic in lesson.topics:
                lessons_by_topic[topic].append(lesson)
        for result in unit.results:
            if result.indicator:
                by_indicator[result.indicator].append((unit, result))
    for theme in sorted(corpus.themes.values(), key=lambda t: (t.year if t.year is not None else 9999, t.id)):
        if theme.directive:
            themes_by_directive[theme.directive].append(theme)
        for guidance in theme.guidance:
            guided[guidance].append(theme)
    for directive in sorted(corpus.directives.values(), key=lambda d: d.id):
        for old in directive.replaces:
            replaced_by[old].append(directive)
        if directive.province:
            directives_by_province[directive.province].append(directive)
        if directive.issuer_unit:
            directives_by_issuer[directive.issuer_unit].append(directive)
    corpus.models_by_field = dict(models_by_field)
    corpus.lessons_by_topic = dict(lessons_by_topic)
    corpus.units_by_province = dict(units_by_province)
    corpus.units_by_theme = dict(units_by_theme)
    corpus.units_by_directive = dict(units_by_directive)
    corpus.children = dict(children)
    corpus.models_owned_by = dict(owned)
    corpus.theme_models = dict(theme_models)
    corpus.themes_by_directive = dict(themes_by_directive)
    corpus.guided_themes = dict(guided)
    corpus.replaced_by = dict(replaced_by)
    corpus.directives_by_province = dict(directives_by_province)
    corpus.directives_by_issuer = dict(directives_by_issuer)
    corpus.results_by_indicator = dict(by_indicator)
    corpus.related = _related_models(corpus)
    _build_groupings(corpus)


def source_year(source: Source) -> int | None:
    """The year a source speaks from: its date's, or the year it carries when undated or partly dated."""
    date = getattr(source, "date", None)
    if date:
        return int(str(date)[:4])
    return getattr(source, "year", None)


def _build_groupings(corpus: Corpus) -> None:
    """Years, reports per year, the newest reports, and the regroupings of topic and field pages.
    Dates come from the records only, never from the clock."""
    units = corpus.sorted_units()
    by_year = lambda: defaultdict(list)  # noqa: E731
    reports, models, results, themes, directives = by_year(), by_year(), by_year(), by_year(), by_year()
    for unit in units:
        for source in unit.sources:
            if source_year(source):
                reports[source_year(source)].append((source, unit))
        for model in unit.models:
            if model.year:
                models[model.year].append(model)
        for result in unit.results:
            if result.year:
                results[result.year].append((unit, result))
    for theme in sorted(corpus.themes.values(), key=lambda t: (t.year if t.year is not None else 9999, t.id)):
        if theme.year is not None:  # a theme for a term (period) has no year page of its own
            themes[theme.year].append(theme)
    for directive in sorted(corpus.directives.values(), key=lambda d: (d.date or "", d.id)):
        if directive.date:
            directives[int(directive.date[:4])].append(directive)
    for listing in reports.values():
        listing.sort(key=lambda item: (item[0].date or "", item[1].id))
    found = set(reports) | set(models) | set(results) | set(themes) | set(directives)
    for record in (*corpus.themes.values(), *corpus.directives.values()):
        found |= {source_year(s) for s in record.sources if source_year(s)}
    corpus.years = sorted(found)
    corpus.reports_by_year, corpus.models_by_year, corpus.results_by_year = dict(reports), dict(models), dict(results)
    corpus.themes_by_year, corpus.directives_by_year = dict(themes), dict(directives)
    def evidence(source: Source) -> str:  # the date as far as known; an undated source counts by its year
        return str(source.date) if source.date else (str(source_year(source)) if source_year(source) else "")
    latest = {unit.id: max(unit.sources, key=evidence) for unit in units if unit.sources}
    corpus.newest = sorted(((latest[u.id], u) for u in units if u.id in latest),
                           key=lambda item: (evidence(item[0]), item[1].id), reverse=True)
    for topic, lessons in corpus.lessons_by_topic.items():
        grouped: dict[str, list[Lesson]] = defaultdict(list)
        for lesson in lessons:
            grouped[lesson.unit_id].append(lesson)
        corpus.lessons_by_topic_unit[topic] = dict(grouped)
    for field_id, field_models in corpus.models_by_field.items():
        grouped_models: dict[str, list[Model]] = defaultdict(list)
        for model in field_models:
            grouped_models[corpus.units[model.unit_id].province].append(model)
        for listing in grouped_models.values():
            listing.sort(key=lambda m: (sort_key(m.title), m.unit_id, m.id))
        corpus.models_by_field_province[field_id] = dict(grouped_models)
    _build_practices(corpus)


# Words that say "this is a model" rather than what is done: "Mô hình dân vận khéo" is "Dân vận khéo".
PRACTICE_KEY_MAX = 80  # bytes of UTF-8 (a title in another script folds to letters of up to four bytes)
_PRACTICE_PREFIXES = ("xay dung mo hinh", "mo hinh diem", "mo hinh", "dien hinh", "phong trao")


@functools.lru_cache(maxsize=1 << 18)  # pure, as above
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


def _build_practices(corpus: Corpus) -> None:
    """Models of two or more units naming the same practice: the replication the campaign is about."""
    grouped: dict[str, list[Model]] = defaultdict(list)
    for unit in corpus.sorted_units():
        for model in unit.models:
            key = practice_key(model.title)
            if key:
                grouped[key].append(model)
    for key in sorted(grouped):
        models = grouped[key]
        if len({m.unit_id for m in models}) < 2:
            continue
        corpus.practices[key] = models
        corpus.practice_units[key] = len({m.unit_id for m in models})
        for model in models:
            corpus.practice_of[(model.unit_id, model.id)] = key
            province = corpus.units[model.unit_id].province
            corpus.practice_by_province.setdefault((key, province), []).append(model)


@functools.lru_cache(maxsize=1 << 18)  # pure; made for every title at every preview edit
def _title_words(title: str) -> frozenset[str]:
    """Folded syllables and syllable pairs of a title: what two similar titles share."""
    words = re.findall(r"[^\W_]+", fold(title))
    return frozenset(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def _related_models(corpus: Corpus) -> dict[tuple[str, str], list[Model]]:
    """For each model, up to RELATED_LIMIT models of the same field in other units.

    Ranked by the idf-weighted title words they share, other provinces first on
    ties; filled up with other models of the field in alphabetical order. Each
    model scores at most RELATED_CANDIDATES others, starting from its rarest
    words, so the work grows linearly with the corpus.
    """
    related = {}
    for models in corpus.models_by_field.values():
        words = [_title_words(m.title) for m in models]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, title_words in enumerate(words):
            for word in title_words:
                postings[word].append(index)
        idf = {word: math.log(1 + len(models) / len(found)) for word, found in postings.items()}
        province = [corpus.units[m.unit_id].province for m in models]
        alphabetical = sorted(range(len(models)), key=lambda i: (sort_key(models[i].title), models[i].unit_id,
                                                                 models[i].id))
        rank = {index: position for position, index in enumerate(alphabetical)}
        for index, model in enumerate(models):
            scores: dict[int, float] = defaultdict(float)
            for word in sorted(words[index], key=lambda w: (len(postings[w]), w)):
                if len(postings[word]) > RELATED_COMMON or len(scores) >= RELATED_CANDIDATES:
                    break
                for other in postings[word]:
                    if models[other].unit_id != model.unit_id:
                        scores[other] += idf[word]
            chosen = sorted(scores, key=lambda o: (-round(scores[o], 9), province[o] == province[index], rank[o]))
            chosen = chosen[:RELATED_LIMIT]
            if len(chosen) < RELATED_LIMIT:
                chosen += _fill(models, alphabetical, model, set(chosen), RELATED_LIMIT - len(chosen))
            related[(model.unit_id, model.id)] = [models[o] for o in chosen]
    return related


def _fill(models: list[Model], alphabetical: list[int], model: Model, taken: set[int], wanted: int) -> list[int]:
    """The first `wanted` models of other units in alphabetical order, not already taken."""
    found = []
    for other in alphabetical:
        if len(found) == wanted:
            break
        if other not in taken and models[other].unit_id != model.unit_id:
            found.append(other)
    return found


def _theme_for_model(model: Model, theme_titles: dict[str, Theme]) -> tuple[str, str] | None:
    """A model serves a theme when it says so; it shares a theme's title when the
    normalised titles are equal or the model's title is the theme title's leading part."""
    if model.theme:
        return model.theme, "explicit"
    key = comparable_title(model.title)
    if not key:
        return None
    for theme_key, theme in sorted(theme_titles.items(), key=lambda item: item[1].id):
        if theme_key == key or theme_key.startswith(key + " "):
            return theme.id, "title"
    return None
