"""/cap-nhat/: the records changed most recently (from git), as a page and as an Atom feed."""

from __future__ import annotations

from kb.generate import feed
from kb.generate.layout import Page
from kb.generate.render.site import Site, directive_label, theme_label
from kb.model import paths
from kb.text.markup import link, text

FEED_FILE = "cap-nhat/atom.xml"
# Material's script reads every <link rel="alternate"> as another language of the site and fetches
# "sitemap.xml" beside it: an empty one there answers that request (no 404 on every page) in a few bytes.
FEED_SITEMAP = "cap-nhat/sitemap.xml"
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
FEED_TITLE = "Học tập và làm theo Bác — hồ sơ mới và được cập nhật"


def record_pages(site: Site) -> dict[str, tuple[str, str]]:
    """Record file → (title, docs page) for every record of the corpus."""
    corpus = site.corpus
    found = {unit.loc.path: (unit.name, paths.unit(unit.id)) for unit in corpus.units.values()}
    found.update({t.loc.path: (f"{theme_label(t)}: {t.title}", paths.theme(t.id)) for t in corpus.themes.values()})
    found.update({d.loc.path: (directive_label(d), paths.directive(d.id)) for d in corpus.directives.values()})
    return found


def entries(site: Site) -> list[feed.Entry]:
    """The feed's entries: links absolute when the site's address is known, each saying what changed."""
    base = site.history.site_url
    pages = {path: (title, base + paths.url_of(page).lstrip("/") if base else "../" + paths.url_of(page).lstrip("/"))
             for path, (title, page) in record_pages(site).items()}
    units = {unit.loc.path: unit for unit in site.corpus.units.values()}

    def about(path: str, new: bool, before: list[str] | None, after: list[str] | None) -> str:
        return what_changed(site, units.get(path), new, before, after)
    return feed.entries(site.history, pages, about)


def what_changed(site: Site, unit, new: bool, before: list[str] | None, after: list[str] | None) -> tuple[str, str]:
    """('Hồ sơ mới: Huyện ủy X (Trà Vinh) — 2 mô hình: A; B.', 'mới — 2 mô hình: A; B.'): for the feed, and
    for the page beside the record's name. Plain text. A theme's or a directive's entry says it is new or updated."""
    status = "mới" if new else "cập nhật"
    said = "Hồ sơ mới" if new else "Hồ sơ được cập nhật"
    if unit is None:
        return f"{said}.", f"{status}."
    if after is None:  # git could not tell: what the unit holds now
        models = [m.title for m in unit.models]
        detail = f" — {len(models)} mô hình: {'; '.join(models)}." if models else "."
    else:
        added = [t for t in after if before is None or t not in before]
        if new:
            detail = f" — {len(added)} mô hình: {'; '.join(added)}." if added else ", chưa có mô hình."
        else:
            detail = f" — thêm mô hình: {'; '.join(added)}." if added else " — sửa nội dung, không thêm mô hình."
    return f"{said}: {unit.name} ({site.corpus.where_name(unit)}){detail}", f"{status}{detail}"


def updates_page(site: Site) -> Page:
    here = paths.index("cap-nhat")
    page = Page(here, "Mới cập nhật", "records/", navigation=True)
    page.meta = site.meta("Mới cập nhật", "Các hồ sơ mới và được cập nhật gần đây, theo lịch sử sửa đổi.")
    page.add("Theo dõi bằng trình đọc tin (Atom): " + link("atom.xml", here, FEED_FILE) + ". Ngày là ngày hồ sơ "
             "được ghi vào kho (lịch sử git), không phải ngày đăng bài.")
    found = entries(site)
    if not found:
        page.add("Bản dựng này không có lịch sử sửa đổi (không dựng từ một kho git), nên chưa có danh sách.")
        return page
    pages = record_pages(site)
    lines = [f"- {feed.day_vn(e.change.date)} — {link(text(e.title), here, pages[e.change.path][1])}: "
             f"{text(e.detail)}" for e in found]
    page.add("\n".join(lines))
    return page


def atom(site: Site) -> str:
    base = site.history.site_url
    if not base:
        return feed.atom(FEED_TITLE, entries(site), author=site.history.publisher or "Nhóm biên tập cơ sở dữ liệu")
    return feed.atom(FEED_TITLE, entries(site), base + FEED_FILE, base + paths.url_of(paths.index("cap-nhat")).lstrip("/"),
                     site.history.publisher or "Nhóm biên tập cơ sở dữ liệu")
