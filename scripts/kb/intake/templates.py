"""Templates for new records (`kb new unit|theme|directive`).

Each template is a record written by the one writer (kb.model.writer) whose comments explain every
field in Vietnamese; its placeholders ('SỬA') are errors (KB140) until a person replaces them.
"""

from __future__ import annotations

from kb.model import vocabulary, writer
from kb.model.ids import document_id


def _choices(name: str) -> str:
    return " | ".join(vocabulary.values(name))


def unit_template(unit_id: str, name: str, place: str, level: str, province: str | None, today: str,
                  kind: str = "dia-phuong") -> str:
    meta = {"id": unit_id, "name": name, "place": place, "level": level, "kind": kind}
    if province:
        meta["province"] = province
    meta["sources"] = [{"title": "Tiêu đề bài viết nguồn", "date": today}]
    notes = {("name",): "tên đơn vị như bài viết ghi", ("place",): "địa danh, không có tên cơ quan phía trước",
             ("level",): _choices("level"), ("kind",): _choices("unit_kind"),
             ("province",): "mã tỉnh tại thời điểm báo cáo (records/provinces.yml)",
             ("sources", 0, "title"): "SỬA: tiêu đề bài như bài ghi",
             ("sources", 0, "date"): "SỬA: ngày đăng, dạng \"YYYY-MM-DD\" (xoá chú thích này khi đã sửa)"}
    header = ["Hồ sơ đơn vị. Xem bảng trường dữ liệu: /huong-dan/truong-du-lieu/ trên trang web.",
              "Mọi thông tin phải có trong bài nguồn; điều gì suy luận thì ghi vào \"note\" của nguồn."]
    trailer = [
        '    # publisher: "Báo ..."            # cơ quan đăng bài',
        '    # author: "..."                   # tác giả',
        '    # url: "https://..."',
        "# directives: [05-ct-tw]        # văn bản bài viết nhắc tới (records/directives/)",
        '# themes: ["2018"]              # chuyên đề bài viết nhắc tới trong báo cáo của đơn vị (records/themes/)',
        "# models:                       # mô hình, điển hình",
        '#   - title: "Tên mô hình như trong bài"',
        '#     owner: "Chủ thể như bài ghi"',
        f"#     kind: tap-the             # {_choices('model_kind')}",
        "#     field: giao-duc           # mã lĩnh vực (records/topics.yml)",
        '#     summary: "Mô hình là gì (lời của bạn)"',
        '#     how: "Cách làm: các bước, ai tham gia, bao lâu một lần (theo bài)"',
        '#     excerpt: "Một, hai câu nguyên văn của bài tả mô hình"',
        "# lessons:                      # bài học kinh nghiệm được đánh số trong bài",
        '#   - title: "Tên ngắn của bài học"',
        '#     order: "Một là"',
        '#     text: "Nguyên văn bài học"',
        "#     topics: [vai-tro-nguoi-dung-dau]",
        "# results:                      # số liệu: 4.800 viết 4800, 98,8% viết 98.8",
        '#   - label: "Nội dung chỉ tiêu"',
        "#     value: 100",
        '#     unit: "%"',
        "#     year: 2018",
        "# limitations:                  # hạn chế, nguyên văn",
        '#   - text: "..."',
    ]
    body = "SỬA: tóm tắt bằng lời của bạn những gì bài viết kể về đơn vị (markdown, không dùng HTML)."
    return writer.record_text("unit", meta, body, notes=notes, header=header, trailer=trailer)


def theme_template(theme_id: str, year: int, title: str, today: str) -> str:
    meta = {"id": theme_id, "year": year, "title": title,
            "sources": [{"title": "Nguồn của tên chuyên đề", "date": today}]}
    notes = {("sources", 0, "title"): "SỬA", ("sources", 0, "date"): "SỬA: ngày đăng (xoá chú thích này khi đã sửa)"}
    trailer = ["# directive: 05-ct-tw           # văn bản mà chuyên đề phục vụ",
               "# guidance: []                  # văn bản hướng dẫn học tập chuyên đề"]
    return writer.record_text("theme", meta, "SỬA: mô tả ngắn về chuyên đề.", notes=notes,
                              header=["Chuyên đề hằng năm."], trailer=trailer)


def directive_template(directive_id: str, code: str, kind: str, issuer: str) -> str:
    meta = {"id": directive_id, "code": code, "kind": kind, "issuer": issuer, "unverified": ["date", "title"],
            "sources": [{"title": "Nguồn của các thông tin trên"}]}
    notes = {("code",): "số hiệu như văn bản ghi", ("kind",): _choices("directive_kind"),
             ("issuer",): "cơ quan ban hành", ("unverified",): "bỏ các trường đã kiểm chứng khỏi danh sách này",
             ("sources", 0, "title"): "SỬA"}
    trailer = ['# date: "YYYY-MM-DD"            # ngày ban hành', '# title: "Trích yếu"',
               "# replaces: []                  # văn bản được thay thế"]
    return writer.record_text("directive", meta, "SỬA: một đoạn mô tả văn bản.", notes=notes,
                              header=["Văn bản: chỉ thị, kết luận, kế hoạch, hướng dẫn."], trailer=trailer)


def directive_id_for(code: str, issuer_unit: str | None) -> str:
    """The record id of a document as a person types its code: '05-CT/TW', 'Chỉ thị 05-CT/TW' and 'Chỉ thị 05' are
    all '05-ct-tw' (kb.model.ids.document_id); a local document's id adds its issuing unit."""
    base = document_id(code)
    local = issuer_unit and not base.endswith("-tw")
    return f"{base}-{issuer_unit}" if local else base


def kind_of_code(code: str) -> str:
    upper = code.upper()
    for marker, kind in (("-CT/", "chi-thi"), ("-KL/", "ket-luan"), ("-NQ/", "nghi-quyet"),
                         ("-KH/", "ke-hoach"), ("-HD/", "huong-dan"), ("-QĐ/", "quy-dinh"), ("-QD/", "quy-dinh")):
        if marker in upper:
            return kind
    return "chi-thi"


