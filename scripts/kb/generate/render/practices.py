"""The same practice at several units: "mô hình được nhân rộng ở N đơn vị" (link groups them by normalised title)."""

from __future__ import annotations

from kb.generate.layout import Group, Listing, Page
from kb.generate.render.site import Site
from kb.model import paths
from kb.text.markup import link, text
from kb.text.vietnamese import sort_key


def practice_title(site: Site, key: str) -> str:
    """The shortest title of the group names the practice ('Dân vận khéo' before 'Mô hình dân vận khéo')."""
    return min((m.title for m in site.corpus.practices[key]), key=lambda t: (len(t), sort_key(t)))


def practice_pages(site: Site) -> list[Page]:
    here = paths.index("nhan-rong")
    index = Page(here, "Mô hình được nhân rộng", "records/units/", navigation=True)
    practices = site.corpus.practices
    index.add("Những cách làm mà nhiều đơn vị cùng báo cáo, nhận ra qua tên mô hình (không kể hoa thường, dấu "
              "câu và các chữ “mô hình”, “xây dựng mô hình”, “phong trào” ở đầu tên).")
    if not practices:
        index.add("Chưa có cách làm nào được hai đơn vị trở lên báo cáo.")
    ordered = sorted(practices, key=lambda k: (-len({m.unit_id for m in practices[k]}),
                                               sort_key(practice_title(site, k)), k))
    index.add(Listing("tat-ca", "Cách làm", [Group(None, ordered)],
                      lambda h, key: [link(text(practice_title(site, key)), h, paths.page("practice", key)),
                                      str(len({m.unit_id for m in practices[key]}))],
                      columns=["Cách làm", "Số đơn vị"]) if ordered else "")
    pages = [index]
    for key in sorted(practices):
        models = practices[key]
        count = len({m.unit_id for m in models})
        title = f"{practice_title(site, key)}: mô hình được nhân rộng ở {count} đơn vị"
        page = Page(paths.page("practice", key), title, "records/units/")
        page.meta = site.meta(title, f"“{practice_title(site, key)}” — cách làm được {count} đơn vị báo cáo.")

        def row(h: str, model) -> list[str]:
            unit = site.corpus.units[model.unit_id]
            year = site.model_year(model)
            return [site.model_link(h, model), site.unit_link(h, unit.id), site.province_link(h, unit.province),
                    str(year) if year else "không rõ", text(model.owner)]
        page.add(Listing("mo-hinh", "Các đơn vị", [Group(None, models)], row,
                         columns=["Mô hình", "Đơn vị báo cáo", "Tỉnh, thành phố", "Năm", "Chủ thể"]),
                 link("← Mọi cách làm được nhân rộng", page.path, here))
        pages.append(page)
    return pages
