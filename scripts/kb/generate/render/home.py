"""The home page: what the base holds, the newest reports, and where to start."""

from __future__ import annotations

from kb.generate import opendata
from kb.generate.layout import Page
from kb.generate.render.blocks import COUNT_LESSONS, COUNT_MODELS, COUNT_PROVINCES, COUNT_UNITS, counted
from kb.generate.render.site import Site
from kb.model import paths
from kb.text.markup import date_vn, link, number_vn, text

NEWEST_LIMIT = 10
ABOUT = "gioi-thieu.md"  # the hand-written about page: publisher, purpose, editorial policy


# The search box of the page's body: a plain form (it works without script), sent to the search page, which
# reads ?q=. Its address is the directory-style one; docs/assets/kb-reader.js rewrites it for the offline copy.
SEARCH_BOX = (
    '<form class="kb-home-search" action="tim-kiem/" method="get" role="search" data-kb-page="tim-kiem">\n'
    '<label for="kb-home-q">Tìm đơn vị, mô hình, bài học kinh nghiệm</label>\n'
    '<input id="kb-home-q" name="q" type="search" placeholder="ví dụ: heo đất, sổ tay đảng viên, Trà Vinh" '
    'autocomplete="off">\n'
    '<button type="submit">Tìm</button>\n'
    "</form>")


def home(site: Site) -> Page:
    corpus = site.corpus
    here = paths.HOME
    page = Page(here, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "records/",
                navigation=True)
    units = len(corpus.units)
    n_models = sum(len(u.models) for u in corpus.units.values())
    n_lessons = sum(len(u.lessons) for u in corpus.units.values())
    provinces = len({u.province for u in corpus.units.values() if u.province})
    page.add(
        "Cơ sở dữ liệu các **mô hình, điển hình** và **bài học kinh nghiệm** mà các cấp ủy, cơ quan, "
        "địa phương trên cả nước báo cáo trong việc học tập và làm theo tư tưởng, đạo đức, phong cách "
        f"Hồ Chí Minh. Mỗi mục đều dẫn nguồn bài viết gốc. {link('Ai biên soạn, biên soạn thế nào', here, ABOUT)}.",
        # counts as one line of links, not a table: nothing to clip or stack on a phone
        " · ".join([counted(f"**{number_vn(units)}** đơn vị", here, paths.index("don-vi"), units, COUNT_UNITS,
                            "tat-ca"),
                    counted(f"**{number_vn(n_models)}** mô hình", here, paths.index("mo-hinh"), n_models,
                            COUNT_MODELS, "tat-ca"),
                    counted(f"**{number_vn(n_lessons)}** bài học kinh nghiệm", here, paths.index("kinh-nghiem"),
                            n_lessons, COUNT_LESSONS, "tat-ca"),
                    counted(f"**{number_vn(provinces)}** tỉnh, thành phố", here, paths.index("tinh"), provinces,
                            COUNT_PROVINCES, "co-don-vi")]),
        SEARCH_BOX,
    )
    ways = [
        (paths.index("kinh-nghiem"), "Kinh nghiệm theo chủ đề", "bài học của nhiều đơn vị đặt cạnh nhau"),
        (paths.index("mo-hinh"), "Mô hình theo lĩnh vực", "mô hình hay để học hỏi, nhân rộng"),
        (paths.index("nhan-rong"), "Mô hình được nhân rộng", "cùng một cách làm ở nhiều đơn vị"),
        (paths.index("don-vi"), "Đơn vị", "theo tỉnh, thành phố"),
        (paths.index("loai-don-vi"), "Đơn vị theo loại", "xã, trường học, công an, quân đội, doanh nghiệp, chi bộ…"),
        (paths.index("cap"), "Đơn vị theo cấp", "từ Trung ương đến thôn, ấp"),
        (paths.index("tinh"), "Tỉnh, thành phố", "lưới 34 tỉnh, thành phố hiện nay, kèm tỉnh cũ"),
        (paths.index("chuyen-de"), "Chuyên đề hằng năm", "ai đã báo cáo về chuyên đề nào"),
        (paths.index("van-ban"), "Văn bản", "chỉ thị, kết luận, kế hoạch, hướng dẫn"),
        (paths.index("nam"), "Dòng thời gian", "theo năm"),
        (paths.index("a-z"), "Tra cứu A–Z", "đơn vị và mô hình theo thứ tự chữ cái"),
        (paths.index("thong-ke"), "Thống kê", "biểu đồ mô hình theo lĩnh vực, tỉnh, năm"),
        (paths.index("cap-nhat"), "Mới cập nhật", "hồ sơ mới thêm, vừa sửa, có nguồn tin Atom"),
        ("tim-kiem.md", "Tìm kiếm", "gõ có dấu hoặc không dấu, lọc theo tỉnh, lĩnh vực, năm"),
        (opendata.DATA_DIR + "/index.md", "Dữ liệu mở", "tải về các bảng CSV để lọc, đếm, vẽ biểu đồ"),
    ]
    page.add("## Bắt đầu từ đâu",
             "\n".join(f"- {link(text(label), here, target)} — {text(why)}" for target, label, why in ways))
    lines = [f"- {site.unit_link(here, unit.id)}, {text(site.corpus.where_name(unit))} — {text(report_date(source))}"
             for source, unit in corpus.newest[:NEWEST_LIMIT]]
    page.add("## Bài báo cáo mới nhất",
             "Theo ngày đăng của bài nguồn. Hồ sơ mới thêm hay vừa sửa (theo ngày ghi vào kho): "
             + link("Mới cập nhật", here, paths.index("cap-nhat")) + ".", "\n".join(lines))
    return page


def report_date(source) -> str:
    """'bài ngày 22/01/2019', 'bài tháng 05/2019', 'bài năm 2019': what is known, never a hedge first."""
    date = str(source.date) if source.date else ""
    if len(date.split("-")) == 3:
        return f"bài ngày {date_vn(date)}"
    if len(date.split("-")) == 2:
        return f"bài tháng {date_vn(date)}"
    year = date or source.year
    return f"bài năm {year}" if year else "bài không ghi ngày"
