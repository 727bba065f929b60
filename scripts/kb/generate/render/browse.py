"""Browse units by kind (commune, school, police, army, enterprise, party cell…) and by level (central, province,
district, commune…): an index of each and a page per value, the units grouped by the other one."""

from __future__ import annotations

from collections import Counter

from kb.generate.layout import Block, Group, Listing, Page
from kb.generate.render.blocks import COUNT_UNITS, counted_number, unit_counts
from kb.generate.render.site import LEVELS, Site
from kb.model import paths, vocabulary
from kb.text.markup import link, table, text

UNIT_KINDS = vocabulary.labels("unit_kind")
KIND_PAGE, LEVEL_PAGE = "unit-kind", "level"
KIND_INDEX, LEVEL_INDEX = paths.index("loai-don-vi"), paths.index("cap")
UNITS_KEY = "don-vi"  # the listing of a browse page, and its anchor


def kind_link(site: Site, here: str, kind: str) -> str:
    return link(text(UNIT_KINDS[kind]), here, paths.page(KIND_PAGE, kind))


def level_link(site: Site, here: str, level: str) -> str:
    return link(text(LEVELS[level]), here, paths.page(LEVEL_PAGE, level))


def unit_kind_pages(site: Site) -> list[Page]:
    units = site.corpus.sorted_units()
    by_kind = {kind: [u for u in units if u.kind == kind] for kind in UNIT_KINDS}
    pages = [_index(site, KIND_INDEX, "Đơn vị theo loại", KIND_PAGE, UNIT_KINDS, by_kind,
                    "Cấp ủy, chính quyền, cơ quan, trường học, công an, quân đội, doanh nghiệp, đoàn thể, chi bộ: "
                    "mỗi loại một trang, đơn vị xếp theo cấp.")]
    for kind, label in UNIT_KINDS.items():
        pages.append(_browse_page(site, KIND_PAGE, kind, f"Đơn vị theo loại: {label}", by_kind[kind],
                                  "level", LEVELS, KIND_INDEX))
    return pages


def level_pages(site: Site) -> list[Page]:
    units = site.corpus.sorted_units()
    by_level = {level: [u for u in units if u.level == level] for level in LEVELS}
    pages = [_index(site, LEVEL_INDEX, "Đơn vị theo cấp", LEVEL_PAGE, LEVELS, by_level,
                    "Từ cơ quan Trung ương đến thôn, ấp: mỗi cấp một trang, đơn vị xếp theo loại.")]
    for level, label in LEVELS.items():
        pages.append(_browse_page(site, LEVEL_PAGE, level, f"Đơn vị theo cấp: {label}", by_level[level],
                                  "kind", UNIT_KINDS, LEVEL_INDEX))
    return pages


def _index(site: Site, here: str, title: str, kind: str, labels: dict[str, str], units: dict, intro: str) -> Page:
    page = Page(here, title, "records/units/", navigation=True)
    rows = [[link(text(label), here, paths.page(kind, value)),
             counted_number(here, paths.page(kind, value), len(units[value]), COUNT_UNITS, UNITS_KEY)
             if units[value] else "0"]
            for value, label in labels.items()]
    other = (link("theo cấp", here, LEVEL_INDEX) if kind == KIND_PAGE else link("theo loại đơn vị", here, KIND_INDEX))
    page.add(intro, table(["Loại đơn vị" if kind == KIND_PAGE else "Cấp", "Số đơn vị"], rows),
             f"Xem thêm: {link('đơn vị theo tỉnh, thành phố', here, paths.index('don-vi'))} · đơn vị {other}.")
    return page


def _browse_page(site: Site, kind: str, value: str, title: str, units: list, by: str, labels: dict[str, str],
                 index: str) -> Page:
    here = paths.page(kind, value)
    page = Page(here, title, "records/units/")
    page.meta = site.meta(title, f"{title}: {len(units)} đơn vị báo cáo việc học tập và làm theo Bác.")
    if not units:
        page.add("Chưa có đơn vị nào thuộc mục này trong cơ sở dữ liệu.", Block(link("← Mọi mục", here, index), relation=False))
        return page
    counts = Counter(getattr(u, by) for u in units)
    page.add(" · ".join(f"{text(labels[v])}: {counts[v]}" for v in labels if counts[v]))
    groups = [Group(lambda h, label=label: text(label), [u for u in units if getattr(u, by) == v])
              for v, label in labels.items() if counts[v]]
    page.add(Listing(UNITS_KEY, "Đơn vị", groups, lambda h, u: [
        site.unit_link(h, u.id), site.province_link(h, u.province, successor=""), *unit_counts(h, u)],
        columns=["Đơn vị", "Tỉnh, thành phố", "Mô hình", "Kinh nghiệm"]), Block(link("← Mọi mục", here, index), relation=False))
    return page

