"""The home page: what the base holds, the newest reports, and where to start."""

from __future__ import annotations

from kb.generate import opendata
from kb.generate.layout import Page
from kb.generate.render.site import Site, source_date
from kb.model import paths
from kb.text.markup import link, text

NEWEST_LIMIT = 10


def home(site: Site) -> Page:
    corpus = site.corpus
    here = paths.HOME
    page = Page(here, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "records/",
                navigation=True)
    n_models = sum(len(u.models) for u in corpus.units.values())
    n_lessons = sum(len(u.lessons) for u in corpus.units.values())
    n_provinces = len({u.province for u in corpus.units.values() if u.province})
    page.add(
        "Cơ sở dữ liệu các **mô hình, điển hình** và **bài học kinh nghiệm** mà các cấp ủy, cơ quan, "
        "địa phương trên cả nước báo cáo trong việc học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh. Mỗi mục đều dẫn nguồn bài viết gốc.",
        # counts as one line of links, not a table: nothing to clip or stack on a phone
        " · ".join([link(f"**{len(corpus.units)}** đơn vị", here, paths.index("don-vi")),
                    link(f"**{n_models}** mô hình", here, paths.index("mo-hinh")),
                    link(f"**{n_lessons}** bài học kinh nghiệm", here, paths.index("kinh-nghiem")),
                    link(f"**{n_provinces}** tỉnh, thành phố", here, paths.index("tinh"))]),
    )
    lines = [f"- {text(source_date(source))} — {site.unit_link(here, unit.id)}, "
             f"{text(site.corpus.where_name(unit))}" for source, unit in corpus.newest[:NEWEST_LIMIT]]
    page.add("## Mới cập nhật", "\n".join(lines))
    ways = [
        (paths.index("kinh-nghiem"), "Kinh nghiệm theo chủ đề", "bài học của nhiều đơn vị đặt cạnh nhau"),
        (paths.index("mo-hinh"), "Mô hình theo lĩnh vực", "mô hình hay để học hỏi, nhân rộng"),
        (paths.index("don-vi"), "Đơn vị", "theo tỉnh, thành phố"),
        (paths.index("chuyen-de"), "Chuyên đề hằng năm", "ai đã báo cáo về chuyên đề nào"),
        (paths.index("van-ban"), "Văn bản", "chỉ thị, kết luận, kế hoạch, hướng dẫn"),
        (paths.index("nam"), "Dòng thời gian", "theo năm"),
        (paths.index("a-z"), "Tra cứu A–Z", "đơn vị và mô hình theo thứ tự chữ cái"),
        (paths.index("thong-ke"), "Thống kê", "biểu đồ mô hình theo lĩnh vực, tỉnh, năm"),
        (paths.index("nhan-rong"), "Mô hình được nhân rộng", "cùng một cách làm ở nhiều đơn vị"),
        (paths.index("cap-nhat"), "Mới cập nhật", "hồ sơ mới và vừa sửa, có nguồn tin Atom"),
        ("tim-kiem.md", "Tìm kiếm", "gõ có dấu hoặc không dấu, lọc theo tỉnh, lĩnh vực, năm"),
        (opendata.DATA_DIR + "/index.md", "Dữ liệu mở", "tải về các bảng CSV để lọc, đếm, vẽ biểu đồ"),
    ]
    page.add("## Bắt đầu từ đâu",
             "\n".join(f"- {link(text(label), here, target)} — {text(why)}" for target, label, why in ways))
    return page
