"""Guide pages generated from the project itself: the field reference (from the schema), the codes
(from the registry) and the open-data page (from the tables)."""

from __future__ import annotations

from kb.generate import opendata
from kb.generate.fieldref import codes_reference, field_reference
from kb.generate.layout import Page
from kb.generate.render.site import Site
from kb.text.markup import link, number_vn, table, text

COLUMN_TYPES = {"string": "văn bản", "integer": "số nguyên", "number": "số", "date": "ngày"}


def data_page(site: Site) -> Page:
    here = opendata.DATA_DIR + "/index.md"
    page = Page(here, "Dữ liệu mở", "records/", navigation=True)
    page.meta = site.meta("Dữ liệu mở", "Tải về các bảng CSV (đơn vị, mô hình, bài học, số liệu, hạn chế) theo giấy "
                                        "phép CC BY 4.0, và bản ngoại tuyến của trang web.")
    page.meta["kb_offline"] = "site-offline.zip"
    made = opendata.tables(site.corpus)
    page.add(
        "Toàn bộ dữ liệu của trang web, dưới dạng bảng để tải về, lọc, đếm hay vẽ biểu đồ. Mỗi dòng ghi "
        "đơn vị, bài nguồn và trang của mục đó trên trang web. Dữ liệu được sinh lại từ hồ sơ mỗi khi "
        "trang web được dựng.",
        table(["Tệp", "Nội dung", "Số dòng"],
              [[link(text(f"{t.name}.csv"), here, t.path), text(t.description), number_vn(len(t.rows))]
               for t in made]),
        "Tệp CSV dùng bảng mã UTF-8 (có BOM) và dấu phẩy phân cách. Mở bằng Excel: *Dữ liệu → Từ văn "
        "bản/CSV* (Data → From Text/CSV), chọn dấu phân cách là dấu phẩy. Số thập phân viết bằng dấu chấm "
        "(98.8). Ô văn bản bắt đầu bằng =, +, -, @ có thêm dấu ' ở đầu để bảng tính không coi là công thức. "
        f"Mô tả các cột cho chương trình máy tính: {link(text('datapackage.json'), here, opendata.PACKAGE)} "
        "(chuẩn Frictionless Data).",
        "## Giấy phép\n\n" + text(opendata.LICENCE_NOTE) + " Khi dùng lại, ghi rõ nguồn là cơ sở dữ liệu này và bài "
        "gốc của mỗi mục (cột nguồn). Mã nguồn của trang theo giấy phép MIT. Toàn văn: tệp `LICENSE` và "
        "`LICENSE-DATA` trong kho mã, <https://creativecommons.org/licenses/by/4.0/deed.vi>.",
        "## Bản ngoại tuyến\n\nCả trang web trong một tệp zip (`site-offline.zip`): giải nén rồi mở `index.html`, "
        "đọc và tìm kiếm không cần mạng. Tệp được dựng cùng lúc với trang web khi xuất bản; liên kết tải về ở "
        "cuối trang này (chỉ có trên bản đã xuất bản).",
    )
    for t in made:
        page.add(f"## {text(t.title)} — `{t.name}.csv`",
                 table(["Cột", "Kiểu", "Ý nghĩa"],
                       [[text(c.name), COLUMN_TYPES[c.type], text(c.description)] for c in t.columns]))
    return page


def codes_page(site: Site) -> Page:
    page = Page("huong-dan/ma-loi.md", "Mã lỗi của kb check", "scripts/kb/diagnostics.py", navigation=True)
    page.add("Mỗi thông báo của `kb check` có dạng `tệp:dòng:cột: MÃ nội dung — cách sửa`.", codes_reference())
    return page


def field_reference_page(site: Site) -> Page:
    page = Page("huong-dan/truong-du-lieu.md", "Các trường dữ liệu", "scripts/kb/model/schema/", navigation=True)
    page.add("Bảng này được sinh tự động từ lược đồ hồ sơ (scripts/kb/model/schema/), "
             "cũng là lược đồ mà `kb check` dùng để kiểm tra.", field_reference())
    return page
