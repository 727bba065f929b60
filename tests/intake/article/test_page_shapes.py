"""Shapes of real pages, written in the project's own words: units of every level and kind, the page's address
as evidence, commune names, dates the page's information or address gives, pages without marks, models in lists
and clauses. Each case is one general rule of Vietnamese news prose; none copies a published page."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from kb.intake.article.extract import extract, reporting_unit
from kb.intake.article.models import find_models
from kb.intake.article.places import load_places
from kb.intake.article.read import read_bytes

TODAY = dt.date(2026, 12, 1)
CAMPAIGN = ("Cán bộ, đảng viên tiếp tục học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, gắn với "
            "nhiệm vụ chính trị của địa phương, đơn vị trong năm.")


def unit(title: str, body: str, url: str | None = None, when: str = "2020-06-01"):
    from kb.intake.article.reporting import Evidence
    return reporting_unit(title, [body, CAMPAIGN], load_places(str(REPO)), when, Evidence(url))


@pytest.mark.parametrize("title, body, name, level, kind, province", [
    # a commune named with its district
    ("Xã Tham Đôn làm theo lời Bác", "Đảng ủy xã Tham Đôn, huyện Mỹ Xuyên lãnh đạo các chi bộ học tập chuyên đề.",
     "Đảng ủy xã Tham Đôn", "xa", "dia-phuong", "soc-trang"),
    # a commune named alone: the commune list of 01/2025 gives its province
    ("Lan tỏa việc tốt ở cơ sở", "Đảng ủy xã Vĩnh Hội Đông tổ chức sinh hoạt chuyên đề cho đảng viên các chi bộ.",
     "Đảng ủy xã Vĩnh Hội Đông", "xa", "dia-phuong", "an-giang"),
    # a national body has no province
    ("Ban Tuyên giáo Trung ương hướng dẫn chuyên đề năm 2021",
     "Ban Tuyên giáo Trung ương vừa ban hành hướng dẫn học tập chuyên đề toàn khóa cho các cấp ủy.",
     "Ban Tuyên giáo Trung ương", "trung-uong", "co-quan", None),
    # a school of a district
    ("Trường THCS Lê Lợi làm theo gương Bác", "Chi bộ Trường THCS Lê Lợi, huyện Chợ Gạo gắn việc làm theo Bác với "
     "dạy và học.", "Trường THCS Lê Lợi", None, "truong-hoc", "tien-giang"),
    # the police of a province, written by the party organisation of the force
    ("Làm theo Bác vì nhân dân phục vụ", "Đảng ủy Công an tỉnh Quảng Ngãi lãnh đạo cán bộ, chiến sĩ học tập và làm "
     "theo Bác.", "Đảng ủy Công an tỉnh Quảng Ngãi", None, "cong-an", "quang-ngai"),
    # a name runs to its own words, not into the verb after it
    ("Sở Giáo dục và Đào tạo sơ kết chuyên đề", "Sở Giáo dục và Đào tạo tỉnh Bắc Giang tổ chức hội nghị sơ kết.",
     "Sở Giáo dục và Đào tạo tỉnh Bắc Giang", None, "co-quan", "bac-giang"),
])
def test_units_of_every_level_and_kind(title, body, name, level, kind, province):
    found = unit(title, body)
    assert (found.name, found.kind, found.province) == (name, kind, province)
    if level:
        assert found.level == level


def test_a_document_issuer_and_a_guest_office_are_not_the_reporting_unit():
    found = unit("Sơ kết chuyên đề năm 2019", "Thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị, Huyện ủy Chợ Gạo tổ chức "
                 "hội nghị; dự có đồng chí Nguyễn Văn A, Phó Trưởng Ban Tuyên giáo Trung ương.")
    assert (found.name, found.province) == ("Huyện ủy Chợ Gạo", "tien-giang")


def test_an_organ_without_its_place_takes_the_province_of_the_page_address_and_says_so():
    found = unit("Ban Tuyên giáo Tỉnh ủy tổ chức tọa đàm", "Sáng nay, Ban Tuyên giáo Tỉnh ủy tổ chức tọa đàm về "
                 "học tập và làm theo gương Bác.", url="https://baolangson.vn/toa-dam-ve-lam-theo-bac-123.html")
    assert (found.name, found.province) == ("Ban Tuyên giáo Tỉnh ủy Lạng Sơn", "lang-son")
    assert found.province_evidence == "theo địa chỉ trang" and found.province_confidence < 0.8
    assert any("suy ra" in note for note in found.notes)


def test_a_title_in_capitals_takes_the_name_as_the_article_writes_it():
    found = unit("TRƯỜNG TIỂU HỌC HOA SEN SINH HOẠT CHUYÊN ĐỀ VỀ BÁC", "Trường Tiểu học Hoa Sen, huyện Chợ Gạo tổ "
                 "chức sinh hoạt chuyên đề cho giáo viên.")
    assert found.name == "Trường Tiểu học Hoa Sen"


def test_a_district_province_merged_in_2025_is_the_old_province_before_and_the_new_after():
    body = "Huyện ủy Chợ Gạo chỉ đạo các chi bộ học tập chuyên đề."
    assert unit("Chợ Gạo làm theo Bác", body, when="2024-03-01").province == "tien-giang"
    assert unit("Chợ Gạo làm theo Bác", body, when="2025-09-01").province == "dong-thap"


def page(text: str, name: str = "bai.txt", url: str | None = None):
    fetched = read_bytes(text.encode("utf-8"), name, name, html=name.endswith(".html"))
    if url:
        fetched.url = url
    return extract(fetched, REPO, TODAY)


LONG = ("Những năm qua, Đảng ủy xã Tham Đôn, huyện Mỹ Xuyên lãnh đạo các chi bộ đưa việc học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh thành việc làm thường xuyên, gắn với phát triển kinh tế ở địa phương.")


def test_the_date_information_a_saved_page_opens_with_is_its_date_and_not_its_text():
    ex = page("date 2021-07-14 Tham Đôn làm theo lời Bác\n" + LONG + "\n" + LONG)
    assert ex.date.value == "2021-07-14" and ex.meta_date == "2021-07-14"
    assert not any("date 2021" in p for p in ex.article.paragraphs + ex.article.header)


def test_the_address_gives_the_month_when_the_page_gives_no_date():
    ex = page("Tham Đôn làm theo lời Bác\n" + LONG + "\n" + LONG, url="https://baosoctrang.vn/2019/05/tham-don.html")
    assert (ex.date.value, ex.date.year, ex.date.year_source) == ("2019-05", 2019, "url")


def test_a_page_typed_without_marks_and_one_with_a_latin_eth_are_read():
    plain = page("Tham Don lam theo loi Bac\nNhung nam qua, Dang uy xa Tham Don, huyen My Xuyen lanh dao cac chi bo "
                 "dua viec hoc tap va lam theo tu tuong, dao duc, phong cach Ho Chi Minh thanh viec lam thuong xuyen, "
                 "gan voi phat trien kinh te o dia phuong trong nhieu nam qua.\n" * 2)
    assert plain.about_campaign and any("không có dấu" in w for w in plain.warnings)
    eth = page("Tham Đôn làm theo lời Bác\n" + LONG.replace("Đảng", "Ðảng") + "\n" + LONG)
    assert eth.unit.name == "Đảng ủy xã Tham Đôn"


@pytest.mark.parametrize("sentence, expected", [
    # unquoted items after a list head, each with 'mô hình'
    ("Các chi bộ duy trì nhiều mô hình như: mô hình nuôi heo đất tiết kiệm của Chi hội Phụ nữ ấp 1; mô hình thắp "
     "sáng đường quê của Chi đoàn ấp 2.",
     [("Nuôi heo đất tiết kiệm", "Chi hội Phụ nữ ấp 1"), ("Thắp sáng đường quê", "Chi đoàn ấp 2")]),
    # quoted items after 'các mô hình:' separated by ';'
    ("Xã đã nhân rộng các mô hình: “Tổ tự quản đường làng” của ấp Bình An; “Bữa cơm nghĩa tình” của Hội Chữ thập "
     "đỏ xã.", [("Tổ tự quản đường làng", "ấp Bình An"), ("Bữa cơm nghĩa tình", "Hội Chữ thập đỏ xã")]),
    # a take-up verb before an unquoted name
    ("Năm 2022, ấp Tân Hòa đăng ký mô hình phân loại rác tại nguồn; các hộ đều tham gia.",
     [("Phân loại rác tại nguồn", "Ấp Tân Hòa")]),
    # a practice named by its owner
    ("Cách làm của Đảng bộ xã Tân Phú trong vận động nhân dân hiến đất làm đường được nhiều nơi học tập.",
     [("Vận động nhân dân hiến đất làm đường", "Đảng bộ xã Tân Phú")]),
    # items of one sentence, each with its own take-up verb: one name does not run into the next item
    ("Ấp Hòa Lợi đăng ký mô hình thắp sáng đường quê, ấp Hòa Hiệp đăng ký mô hình camera an ninh; ấp Hòa Thuận "
     "đăng ký mô hình tuyến đường hoa.", [("Thắp sáng đường quê", "Ấp Hòa Lợi"), ("Camera an ninh", "Ấp Hòa Hiệp"),
                                          ("Tuyến đường hoa", "Ấp Hòa Thuận")]),
    # an owner with its district after a comma
    ("Đó là cách làm của Đảng bộ xã Tân Phú, huyện Chợ Gạo trong vận động nhân dân giữ gìn vệ sinh đường làng.",
     [("Vận động nhân dân giữ gìn vệ sinh đường làng", "Đảng bộ xã Tân Phú, huyện Chợ Gạo")]),
    # a book the unit publishes is its own practice; a book it studies is not
    ("Năm 2016, huyện phát hành cuốn sách “Chuyện kể về người tốt ở Chợ Gạo”; các chi bộ học cuốn sách “Di chúc "
     "của Chủ tịch Hồ Chí Minh”.", [("Chuyện kể về người tốt ở Chợ Gạo", None)]),
    # a movement, a slogan and a person honoured are not models
    ("Phong trào “Người tốt - Việc tốt” được hưởng ứng; anh Nguyễn Văn B được tuyên dương là gương điển hình.", []),
])
def test_models_in_lists_and_clauses(sentence, expected):
    found = [(m.title, m.owner) for m in find_models([sentence], [], "Tân Phú")]
    assert found == expected


def test_a_figure_in_the_clause_of_one_model_is_linked_to_it_and_marked(tmp_path):
    from kb.intake.article.command import plan
    text = ("Tân Phú nhân rộng cách làm hay\n" + LONG + "\nXã duy trì mô hình “Tổ tự quản đường làng” của ấp Bình An "
            "với 45 hộ tham gia; mô hình “Bữa cơm nghĩa tình” của Hội Chữ thập đỏ xã. Năm 2020, có 98% đảng viên "
            "hoàn thành tốt nhiệm vụ.\n")
    fetched = read_bytes(text.encode("utf-8"), "bai.txt", "bai.txt", html=False)
    _, draft = plan(REPO, fetched, TODAY)
    linked = {r["value"]: r.get("model") for r in draft.meta["results"]}
    assert linked[45] == "to-tu-quan-duong-lang" and linked[98] is None
    index = next(i for i, r in enumerate(draft.meta["results"]) if r["value"] == 45)
    assert "cùng câu" in draft.markers[("results", index, "model")]


def test_the_address_spells_the_subject_first_and_names_the_district_of_a_bare_committee():
    body = ("Ban Thường vụ huyện ủy đã ban hành kế hoạch học tập chuyên đề; Phó Bí thư Thường trực Huyện ủy Cầu Ngang "
            "Nguyễn Văn An cho biết các chi bộ đều thực hiện. Thị xã Trà Vinh cũng có nhiều cách làm.")
    found = unit("Học Bác từ những việc làm thiết thực", body,
                 url="https://baotravinh.vn/xay-dung-dang/cau-ngang-tra-vinh-day-manh-hoc-tap-123.html")
    assert (found.name, found.province) == ("Huyện ủy Cầu Ngang", "tra-vinh")
    bare = unit("Đưa việc làm theo Bác thành thường xuyên", "Ban Thường vụ huyện ủy đã ban hành chỉ thị, hướng dẫn "
                "các chi bộ học tập và làm theo Bác.", url="https://tuyengiao.vn/tua-chua-dua-viec-lam-theo-bac-1")
    assert (bare.name, bare.province) == ("Ban Thường vụ huyện ủy Tủa Chùa", "dien-bien")
