"""The A–Z pages: units (by place) and models in Vietnamese alphabetical order, one page per letter."""

from __future__ import annotations

from collections import defaultdict

from kb.generate.layout import Block, Group, Listing, Page
from kb.generate.render.site import Site
from kb.model import paths
from kb.text.markup import link, text
from kb.text.vietnamese import initial_letter, sort_key

INDEX_ENTRIES = 300  # entries listed on the A–Z page itself; beyond, only on the letter pages


def a_to_z_pages(site: Site) -> list[Page]:
    entries: dict[str, list[tuple[tuple, str, str]]] = defaultdict(list)
    for unit in site.corpus.units.values():
        entries[initial_letter(unit.place)].append(
            (sort_key(unit.place), f"{unit.place} — {unit.name}", paths.unit(unit.id)))
        for model in unit.models:
            entries[initial_letter(model.title)].append(
                (sort_key(model.title), model.title, paths.model(unit.id, model.id)))
    here = paths.index("a-z")
    index = Page(here, "Tra cứu A–Z", "records/", navigation=True)
    letters = sorted(entries, key=lambda letter: sort_key(letter) if letter != "#" else ((0,),))
    index.add("Đơn vị (theo địa danh) và mô hình, xếp theo thứ tự chữ cái tiếng Việt.",
              " · ".join(link(letter.upper(), here, paths.letter(letter)) for letter in letters))
    total = sum(len(found) for found in entries.values())
    if total <= INDEX_ENTRIES:  # a small base lists everything here; at scale each letter has its page
        for letter in letters:
            index.add(f"## {text(letter.upper())}",
                      "\n".join(f"- {link(text(entry[1]), here, entry[2])}" for entry in sorted(entries[letter])))
    else:
        index.add("\n".join(f"- {link(letter.upper(), here, paths.letter(letter))}: {len(entries[letter])} mục"
                            for letter in letters))
    pages = [index]
    for letter in letters:
        page = Page(paths.letter(letter), f"Tra cứu A–Z: {letter.upper()}", "records/", navigation=True)
        page.add(Listing("muc", f"Chữ {letter.upper()}", [Group(None, sorted(entries[letter]))],
                         lambda h, entry: link(text(entry[1]), h, entry[2]), style="bullets"),
                 Block(link("← Tất cả chữ cái", page.path, here), relation=False))
        pages.append(page)
    return pages
