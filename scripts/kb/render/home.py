"""The home page: what the base holds, the newest reports, and where to start."""

from __future__ import annotations

from .. import opendata, paths
from ..layout import Page
from ..markup import date_vn, link, table, text
from .site import Site

NEWEST_LIMIT = 10


def home(site: Site) -> Page:
    corpus = site.corpus
    here = paths.HOME
    page = Page(here, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "records/",
                navigation=True)
    n_models = sum(len(u.models) for u in corpus.units.values())
    n_lessons = sum(len(u.lessons) for u in corpus.units.values())
    n_provinces = len({u.province for u in corpus.units.values()})
    page.add(
        "Cơ sở dữ liệu các **mô hình, điển hình** và **bài học kinh nghiệm** mà các cấp ủy, cơ quan, "
        "địa phương trên cả nước báo cáo trong việc học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh. Mỗi mục đều dẫn nguồn bài viết gốc.",
        table(["Đơn vị", "Mô hình", "Bài học kinh nghiệm", "Tỉnh, thành phố"],
              [[link(str(len(corpus.units)), here, paths.index("don-vi")),
                link(str(n_models), here, paths.index("mo-hinh")),
                link(str(n_lessons), here, paths.index("kinh-nghiem")),
                link(str(n_provinces), here, paths.index("tinh"))]]),
    )
    lines = [f"- {date_vn(date)} — {site.unit_link(here, unit.id)}, "
             f"{text(site.catalogs.provinces[unit.province].name)}" for date, unit in corpus.newest[:NEWEST_LIMIT]]
    page.add("## Mới cập nhật", "\n".join(lines))
    ways = [
        (paths.index("kinh-nghiem"), "Kinh nghiệm theo chủ đề", "bài học của nhiều đơn vị đặt cạnh nhau"),
        (paths.index("mo-hinh"), "Mô hình theo lĩnh vực", "mô hình hay để học hỏi, nhân rộng"),
        (paths.index("don-vi"), "Đơn vị", "theo tỉnh, thành phố"),
        (paths.index("chuyen-de"), "Chuyên đề hằng năm", "ai đã báo cáo về chuyên đề nào"),
        (paths.index("van-ban"), "Văn bản", "chỉ thị, kết luận, kế hoạch, hướng dẫn"),
        (paths.index("nam"), "Dòng thời gian", "theo năm"),
        (paths.index("a-z"), "Tra cứu A–Z", "đơn vị và mô hình theo thứ tự chữ cái"),
        ("tim-kiem.md", "Tìm kiếm", "gõ có dấu hoặc không dấu, lọc theo tỉnh, lĩnh vực, năm"),
        (opendata.DATA_DIR + "/index.md", "Dữ liệu mở", "tải về các bảng CSV để lọc, đếm, vẽ biểu đồ"),
    ]
    page.add("## Bắt đầu từ đâu",
             "\n".join(f"- {link(text(label), here, target)} — {text(why)}" for target, label, why in ways))
    return page
