"""/nhan-rong/: practices several units report, each with a page that puts their models side by side.
How models are grouped (`kb.generate.practices`): the editors' practice ids, the same name, or titles and
summaries alike enough — each page says which, so a suggestion is never read as the editors' finding."""

from __future__ import annotations

from kb.generate.layout import Block, Group, Listing, Page
from kb.generate.practices import HOW_CURATED, HOW_SIMILAR, HOW_TITLE, THRESHOLD
from kb.generate.render.blocks import COUNT_UNITS, counted_number, editor_remarks
from kb.generate.render.site import Site
from kb.model import paths
from kb.text.markup import link, number_vn, text
from kb.text.vietnamese import sort_key

HOW_SAID = {
    HOW_CURATED: "người biên tập xác định",
    HOW_TITLE: "cùng tên mô hình",
    HOW_SIMILAR: "gợi ý: tên và tóm tắt giống nhau",
}
LISTING = "mo-hinh"  # the models of a practice page, and its anchor


def practice_title(site: Site, key: str) -> str:
    """The shortest title of the group names the practice ('Dân vận khéo' before 'Mô hình dân vận khéo')."""
    return min((m.title for m in site.corpus.practices[key]), key=lambda t: (len(t), sort_key(t)))


def practice_pages(site: Site) -> list[Page]:
    here = paths.index("nhan-rong")
    index = Page(here, "Mô hình được nhân rộng", "records/units/", navigation=True)
    index.meta = site.meta("Mô hình được nhân rộng", "Những cách làm mà nhiều đơn vị cùng báo cáo, dù tên khác nhau.")
    practices = site.corpus.practices
    index.add(
        "Những cách làm mà hai đơn vị trở lên cùng báo cáo, dù mỗi nơi đặt tên một khác. Cột *Gom theo* nói vì "
        "sao các mô hình được coi là một cách làm: **người biên tập xác định**; **cùng tên mô hình** (không kể hoa "
        "thường, dấu câu, chữ “mô hình”, “phong trào” ở đầu tên); hay **gợi ý** của máy khi tên và tóm tắt của "
        f"chúng giống nhau đủ mức (độ giống từ {number_vn(THRESHOLD)} trở lên, mức không gom nhầm cặp nào trong "
        "các cặp mô hình đã được người đọc gán nhãn). Gợi ý thì hãy đọc từng mô hình trước khi so sánh.")
    if not practices:
        index.add("Chưa có cách làm nào được hai đơn vị trở lên báo cáo.")
    ordered = sorted(practices, key=lambda k: (-site.corpus.practice_units[k], sort_key(practice_title(site, k)), k))

    def row(h: str, key: str) -> list[str]:
        target = paths.page("practice", key)
        units = sorted({m.unit_id for m in practices[key]}, key=lambda u: site.corpus.unit_rank.get(u, 0))
        return [link(text(practice_title(site, key)), h, target),
                counted_number(h, target, site.corpus.practice_units[key], COUNT_UNITS, LISTING),
                ", ".join(text(site.corpus.units[u].name) for u in units[:3]) + (" …" if len(units) > 3 else ""),
                HOW_SAID[site.corpus.practice_how[key]]]
    index.add(Listing("tat-ca", "Cách làm", [Group(None, ordered)], row,
                      columns=["Cách làm", "Số đơn vị", "Ở đâu", "Gom theo"]) if ordered else "")
    pages = [index]
    for key in sorted(practices):
        pages.append(practice_page(site, key, here))
    return pages


def practice_page(site: Site, key: str, index: str) -> Page:
    models = site.corpus.practices[key]
    count = site.corpus.practice_units[key]
    how = site.corpus.practice_how[key]
    name = practice_title(site, key)
    title = f"{name}: cách làm ở {count} đơn vị"
    here = paths.page("practice", key)
    page = Page(here, title, "records/units/")
    page.meta = site.meta(title, f"“{name}” — cách làm được {count} đơn vị báo cáo, đặt cạnh nhau để so sánh.")
    said = {
        HOW_CURATED: "Người biên tập xác định các mô hình dưới đây là cùng một cách làm.",
        HOW_TITLE: "Các mô hình dưới đây mang cùng một tên (không kể hoa thường, dấu câu và chữ “mô hình” ở đầu).",
        HOW_SIMILAR: "Máy gợi ý các mô hình dưới đây là cùng một cách làm vì tên và tóm tắt giống nhau; người "
                     "biên tập chưa xác nhận. Hãy đọc từng mô hình trước khi so sánh.",
    }[how]
    page.add(said)

    def block(h: str, model) -> str:
        unit = site.corpus.units[model.unit_id]
        year = site.model_year(model)
        facts = [site.unit_link(h, unit.id), site.province_link(h, unit.province, successor="")]
        if model.owner:
            facts.append(f"chủ thể: {text(model.owner)}")
        facts.append(f"năm {year}" if year else "không rõ năm")
        suggested = " *(máy gợi ý)*" if how == HOW_CURATED and not model.practice else ""
        about = editor_remarks(model.summary)[0] if model.summary else ""
        what = text(about) if about else (f"Bài viết: {text(model.excerpt)}" if model.excerpt
                                          else "Bài nguồn chỉ nêu tên mô hình.")
        return f"### {site.model_link(h, model)}{suggested}\n\n{' · '.join(facts)}\n\n{what}"
    page.add(Listing(LISTING, "Các mô hình", [Group(None, models)], block, style="blocks"),
             Block(link("← Mọi cách làm được nhân rộng", here, index), relation=False))
    return page
