"""Each extraction rule on short sentences written for the test (not taken from the seed articles)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from kb.intake.article.dates import is_date_line, page_date
from kb.intake.article.directives import canonical_code, cited_documents
from kb.intake.article.extract import reporting_unit
from kb.intake.article.figures import figures_in
from kb.intake.article.lessons import find_lessons
from kb.intake.article.limitations import find_limitations
from kb.intake.article.maintext import html_to_text, split_text
from kb.intake.article.models import find_models
from kb.intake.article.places import load_places, province_at
from kb.intake.article.themes import find_themes

TODAY = dt.date(2026, 12, 1)
LONG = ("Trong năm qua, Đảng bộ đã lãnh đạo các chi bộ tổ chức học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị, tạo chuyển biến rõ về nhận thức.")



def find_unit(title, body, places):
    """The reporting unit of a page of one title and one paragraph, dated 2020."""
    return reporting_unit(title, [body], places, "2020-06-01")


@pytest.mark.parametrize("line, day", [
    ("15/03/2016 - 10:20", "2016-03-15"),
    ("08:10 AM,03/07/2020", "2020-07-03"),
    ("5 Tháng Mười Một 2014 7:30:00 CH", "2014-11-05"),
    ("Thứ Hai, 09:15, 04/05/2015 [GMT+7]", "2015-05-04"),
    ("Chủ nhật,  12/06/2022", "2022-06-12"),
    ("Cập nhật lúc 14:05 ngày 21/10/2017", "2017-10-21"),
    ("Ngày đăng: 2018-02-27", "2018-02-27"),
])
def test_page_date_shapes(line, day):
    found = page_date(["Tiêu đề bài", line], [], LONG, today=TODAY)
    assert found.value == day and found.confidence >= 0.8


def test_event_dates_in_sentences_are_not_page_dates():
    assert not is_date_line("Ngày 20/12/2018, Huyện ủy ban hành hướng dẫn học tập chuyên đề cho cán bộ, đảng viên.")
    found = page_date(["Tiêu đề bài"], [], "Ngày 20/12/2018, Huyện ủy ban hành hướng dẫn. " + LONG, today=TODAY)
    assert found.value is None and found.year == 2018 and found.year_source == "inferred"


def test_site_clock_and_future_dates_are_not_page_dates():
    found = page_date(["Hôm nay: Thứ Ba, 01/12/2026", "Tiêu đề", "10/04/2019 - 08:00"], [], LONG, today=TODAY)
    assert found.value == "2019-04-10"
    future = page_date(["Tiêu đề", "10/04/2031 - 08:00"], [], "Năm 2019, huyện làm tốt. " + LONG, today=TODAY)
    assert future.value is None and any("tương lai" in w for w in future.warnings)


def test_a_saved_page_clock_above_the_title_loses_to_the_date_below_it():
    # The page was saved weeks before the import: its clock is in the past, unlabelled, and still not the date.
    header = ["Thứ Tư, 02/09/2026", "Huyện lan tỏa làm theo gương Bác", "Cập nhật lúc 10:20, 05/06/2021"]
    found = page_date(header, [], "Năm 2020, huyện làm tốt. " + LONG, today=TODAY, title=header[1])
    assert found.value == "2021-06-05" and found.confidence >= 0.8
    yesterday = TODAY - dt.timedelta(days=1)
    clock = page_date([f"{yesterday:%d/%m/%Y}", "10/04/2019 - 08:00"], [], LONG, today=TODAY)
    assert clock.value == "2019-04-10"


def test_page_date_after_the_events_is_flagged():
    found = page_date(["Thứ tư, 05/06/2024"], [], "Năm 2016, huyện tổ chức hội thi. " + LONG, today=TODAY)
    assert found.value == "2024-06-05" and found.confidence < 0.8
    assert any("muộn hơn" in w for w in found.warnings)


def test_month_only_and_url_dates_are_partial():
    assert page_date(["Tháng 5/2019"], [], LONG, today=TODAY).value == "2019-05"
    from_url = page_date(["Tiêu đề"], [], LONG, url="https://bao.vn/2017/08/bai-viet.html", today=TODAY)
    assert (from_url.value, from_url.year, from_url.year_source) == ("2017-08", 2017, "url")


@pytest.mark.parametrize("written", ["05-CT/TW", "05-CT/TƯ", "05 - CT/T.Ư", "05/CT-TW", "Chỉ thị 05", "chỉ thị số 5",
                                     "Chỉ thị số 05-CT/TW ngày 15/5/2016", "Chỉ thị 05 của Bộ Chính trị"])
def test_directive_spellings_have_one_id(written):
    assert canonical_code(written) == "05-ct-tw"


def test_local_documents_and_no_code():
    assert canonical_code("Kế hoạch số 17-KH/TU") == "17-kh-tu"
    assert canonical_code("Chỉ thị 12 của Tỉnh ủy") == "12-ct-tu"
    assert canonical_code("kế hoạch năm nay") is None
    cited = cited_documents(["Huyện thực hiện Hướng dẫn số 31-HD/HU ngày 02/03/2020 của Huyện ủy Tân Phú."], "tan-phu")
    assert [(c.id, c.code, c.kind, c.date, c.issuer) for c in cited] == [
        ("31-hd-hu-tan-phu", "31-HD/HU", "huong-dan", "2020-03-02", "Huyện ủy Tân Phú")]
    plenum = cited_documents(["Gắn với Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng."], None)
    assert plenum[0].code is None and plenum[0].title == "Nghị quyết Hội nghị Trung ương 4 khóa XII"


def test_district_gives_its_province_and_the_province_of_the_time():
    gazetteer = load_places(str(REPO))
    unit = find_unit("Huyện Bắc Sơn đẩy mạnh học tập", "Huyện ủy Bắc Sơn chỉ đạo các chi bộ. " * 3, gazetteer)
    assert (unit.name, unit.level, unit.province) == ("Huyện ủy Bắc Sơn", "huyen", "lang-son")
    assert unit.notes and "suy ra" in unit.notes[0]
    assert province_at("ba-ria-vung-tau", "2019-03-01", gazetteer) == "ba-ria-vung-tau"
    assert province_at("ba-ria-vung-tau", "2026-03-01", gazetteer) == "ho-chi-minh"


def test_no_unit_named():
    gazetteer = load_places(str(REPO))
    unit = find_unit("Lan tỏa những việc làm tốt", "Nhiều cán bộ, đảng viên đã làm theo gương Bác. " * 5, gazetteer)
    assert unit.name is None


def test_quoted_models_with_owners_and_not_campaign_titles():
    paragraph = ("Tiêu biểu là các mô hình như: “Thắp sáng đường quê” của Chi đoàn xã An Hòa; “Tủ sách pháp luật” "
                 "tại Chi bộ ấp 3, hiện đang được nhân rộng; “Mỗi tuần một việc tốt” của chị Lê Thị Hoa, Bí thư Chi "
                 "đoàn. Huyện tiếp tục quán triệt Chỉ thị 05 về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                 "phong cách Hồ Chí Minh”.")
    models = find_models([paragraph], [], "An Hòa")
    assert [(m.title, m.owner, m.kind) for m in models] == [
        ("Thắp sáng đường quê", "Chi đoàn xã An Hòa", "tap-the"),
        ("Tủ sách pháp luật", "Chi bộ ấp 3", "tap-the"),
        ("Mỗi tuần một việc tốt", "chị Lê Thị Hoa, Bí thư Chi đoàn", "ca-nhan")]


def test_a_practice_a_unit_carries_out_is_a_model_and_theme_titles_are_not():
    paragraph = ("Huyện cũng triển khai thực hiện “Ngày thứ bảy vì dân” (từ năm 2015) để cán bộ xuống cơ sở. "
                 "Năm 2020, chuyên đề “Tăng cường khối đại đoàn kết toàn dân tộc” được học tập rộng rãi.")
    themes = find_themes([paragraph])
    models = find_models([paragraph], [t.title for t in themes], "Tân Phú")
    assert [(m.title, m.owner, m.year) for m in models] == [("Ngày thứ bảy vì dân", "Huyện Tân Phú", 2015)]
    assert [(t.year, t.title) for t in themes] == [(2020, "Tăng cường khối đại đoàn kết toàn dân tộc")]


def test_enumerated_lessons_need_a_cue_and_headings_are_not_lessons():
    paragraphs = ["Bài học kinh nghiệm", "Qua thực hiện, huyện rút ra một số bài học kinh nghiệm:",
                  "Thứ nhất, cấp ủy phải gương mẫu.", "Thứ hai, coi trọng kiểm tra, giám sát.",
                  "Nhiệm vụ năm tới:", "1. Tổ chức học tập chuyên đề.", "2. Sơ kết cuối năm."]
    lessons = find_lessons(paragraphs)
    assert [(l.order, l.text) for l in lessons] == [("Thứ nhất", "cấp ủy phải gương mẫu."),
                                                    ("Thứ hai", "coi trọng kiểm tra, giám sát.")]
    inline = find_lessons(["Từ đó rút ra kinh nghiệm. Một là, làm có trọng tâm. Hai là, phát huy người đứng đầu."])
    assert [l.order for l in inline] == ["Một là", "Hai là"]
    numbered = find_lessons(["Một số kinh nghiệm rút ra:", "1. Chọn việc dễ làm trước.", "2. Làm đến nơi đến chốn."])
    assert [l.text for l in numbered] == ["Chọn việc dễ làm trước.", "Làm đến nơi đến chốn."]


@pytest.mark.parametrize("sentence, expected", [
    ("Toàn tỉnh có 10.537 lượt người tham gia hội thi.", [(10537, None, "lượt người")]),
    ("Có 20,8% hộ nghèo được hỗ trợ.", [(20.8, None, "%")]),
    ("Năm 2021, có 31/36 chi bộ đạt trong sạch vững mạnh.", [(31, 36, "chi bộ")]),
    ("Sau 3 năm thực hiện, trong giai đoạn 2016–2019, huyện tổng kết.", []),
    ("Sáng 12/9, tại hội trường, huyện tổng kết Chỉ thị 05-CT/TW.", []),
    ("Hơn 300 đảng viên tham gia.", [(300, None, "đảng viên")]),
])
def test_figures(sentence, expected):
    assert [(f.value, f.denominator, f.unit) for f in figures_in(sentence)] == expected


def test_figure_qualifier_and_year():
    figure = figures_in("Năm 2021, có khoảng hơn 1.200 lượt đoàn viên tham gia.")[0]
    assert (figure.value, figure.qualifier, figure.year) == (1200, "khoảng hơn", 2021)


def test_limitations_after_a_cue():
    paragraph = ("Tuy nhiên, việc thực hiện còn những hạn chế: một số chi bộ chưa sinh hoạt chuyên đề đều đặn; "
                 "việc nhân rộng điển hình còn chậm. Thời gian tới, huyện sẽ khắc phục.")
    assert [t for t, _ in find_limitations([paragraph])] == [
        "một số chi bộ chưa sinh hoạt chuyên đề đều đặn", "việc nhân rộng điển hình còn chậm"]


def test_chrome_is_dropped_and_captions_kept_apart():
    text = "\n".join(["Trang chủ", "Tiêu đề của bài viết mẫu", "10/04/2019 - 08:00", LONG,
                      "Bí thư Huyện ủy trao giấy khen cho các tập thể tiêu biểu", LONG + " Thêm.",
                      "Bài, ảnh: Lê Văn Tám", "Chia sẻ bài viết", "BÌNH LUẬN", "Số lượt người xem: 1234", "12345..."])
    article = split_text(text)
    assert article.captions == ["Bí thư Huyện ủy trao giấy khen cho các tập thể tiêu biểu"]
    assert article.header == ["Tiêu đề của bài viết mẫu", "10/04/2019 - 08:00"]
    assert article.trailer == ["Bài, ảnh: Lê Văn Tám"]
    assert all("Chia sẻ" not in p and "lượt" not in p for p in article.paragraphs)


def test_html_page_chrome_never_reaches_the_text():
    page = ("<html><head><title>Bài mẫu - Báo</title><script>alert(1)</script></head><body>"
            "<nav class='menu'>Trang chủ Chính trị</nav><article><h1>Bài mẫu về học tập</h1>"
            f"<p>{LONG}</p><figure><img src='a.jpg'><figcaption>Quang cảnh hội nghị</figcaption></figure>"
            f"<p>{LONG} Đây là đoạn thứ hai.</p></article><div class='share'>Chia sẻ</div><div id='comments'>BÌNH LUẬN</div></body></html>")
    text, meta = html_to_text(page)
    assert "alert" not in text and "Chia sẻ" not in text and "BÌNH LUẬN" not in text
    assert meta["title"] == "Bài mẫu về học tập" and "Quang cảnh hội nghị" in meta["captions"]


def test_a_provincial_plan_cited_by_a_district_takes_the_province_in_its_id():
    cited = cited_documents(["Huyện thực hiện Kế hoạch số 17-KH/TU của Ban Thường vụ Tỉnh ủy."], "bac-son", "lang-son")
    assert [c.id for c in cited] == ["17-kh-tu-lang-son"]


def test_a_city_committee_is_the_thanh_uy():
    gazetteer = load_places(str(REPO))
    body = "Thành ủy Cần Thơ chỉ đạo các quận ủy, huyện ủy. Ban Thường vụ Thành ủy kiểm tra việc thực hiện. " * 2
    unit = find_unit("Thành phố Cần Thơ đẩy mạnh học tập", body, gazetteer)
    assert (unit.name, unit.level, unit.province) == ("Thành ủy Cần Thơ", "tinh", "can-tho")


def test_a_commune_named_in_the_title_is_the_unit_and_its_district_gives_the_province():
    gazetteer = load_places(str(REPO))
    body = "Đảng ủy xã Tân Thành, huyện Bắc Sơn tổ chức học tập chuyên đề cho đảng viên các chi bộ. " * 3
    unit = find_unit("Xã Tân Thành làm theo lời Bác", body, gazetteer)
    assert (unit.name, unit.level, unit.province) == ("Đảng ủy xã Tân Thành", "xa", "lang-son")


def test_a_figure_takes_the_year_of_its_own_clause():
    first, second = figures_in("Đến nay có 98,5% đảng viên đăng ký; toàn huyện có 45/47 chi bộ đạt trong năm 2020.")
    assert (first.year, second.year, second.label) == (None, 2020, "Chi bộ đạt")
    opening = figures_in("Năm 2018, có 40/45 tổ chức đạt; 80% đảng viên hoàn thành tốt.")
    assert [f.year for f in opening] == [2018, 2018]


def test_short_paragraphs_after_the_last_long_one_stay_in_the_body():
    text = "\n".join(["Tiêu đề bài mẫu", LONG, "Từ thực tiễn, huyện rút ra bài học kinh nghiệm:",
                      "Một là, cấp ủy phải gương mẫu.", "Hai là, coi trọng kiểm tra.", "NGUYỄN VĂN AN",
                      "TIN LIÊN QUAN", "Hội nghị tổng kết năm 2020"])
    article = split_text(text)
    assert article.paragraphs[-1] == "Hai là, coi trọng kiểm tra." and article.trailer == ["NGUYỄN VĂN AN"]
    assert [l.order for l in find_lessons(article.paragraphs)] == ["Một là", "Hai là"]


def test_a_date_under_the_title_wins_over_a_clock_above_it():
    found = page_date(["Thứ Hai, 16/11/2026", "Tiêu đề của bài", "Thứ Ba, 10/04/2018"], [], LONG, today=TODAY,
                      title="Tiêu đề của bài")
    assert found.value == "2018-04-10"


def test_a_long_caption_without_a_sentence_end_is_kept_apart():
    caption = ("Ban Tổ chức và Ban Giám khảo cuộc thi viết về tấm gương bình dị mà cao quý chụp ảnh lưu niệm cùng các "
               "tác giả đạt giải nhất, nhì, ba và khuyến khích")
    article = split_text("\n".join(["Tiêu đề bài mẫu", LONG, caption, LONG + " Hết."]))
    assert article.captions == [caption] and caption not in article.paragraphs


def test_a_theme_for_a_whole_term():
    themes = find_themes(["Nhiệm kỳ 2021–2025, chuyên đề toàn khóa “Học tập và làm theo về ý chí tự lực, tự cường” "
                          "được triển khai."])
    assert [(t.year, t.period) for t in themes] == [(None, "2021–2025")]


def test_author_with_a_parenthesis():
    from kb.intake.article.byline import find_byline
    found = find_byline(["Tiêu đề bài mẫu"], [LONG], ["Nguyễn Văn Bình (Ban Tuyên giáo Huyện ủy)"])
    assert found.author == "Nguyễn Văn Bình (Ban Tuyên giáo Huyện ủy)"


def test_a_numbered_district():
    gazetteer = load_places(str(REPO))
    unit = find_unit("Quận 3 đẩy mạnh làm theo gương Bác", "Quận ủy Quận 3 chỉ đạo các chi bộ. " * 3, gazetteer)
    assert (unit.place, unit.level, unit.province) == ("Quận 3", "huyen", "ho-chi-minh")


def test_parenthesised_numbers_and_a_closing_credit():
    lessons = find_lessons(["Huyện rút ra một số kinh nghiệm: (1) cấp ủy vào cuộc quyết liệt; (2) phát huy vai trò "
                            "người đứng đầu; (3) thường xuyên kiểm tra."])
    assert [l.order for l in lessons] == ["(1)", "(2)", "(3)"] and lessons[1].text == "phát huy vai trò người đứng đầu;"
    from kb.intake.article.byline import find_byline
    found = find_byline(["Tiêu đề bài mẫu"], [LONG], ["Hoàng Lan", "(Theo Báo Bến Tre)"])
    assert (found.author, found.publisher) == ("Hoàng Lan", "Báo Bến Tre")


def test_a_review_marker_inside_quoted_text_is_not_a_marker():
    from kb.check.load import split_record
    from kb.check.validate import validate
    text = ('---\nid: cau-ngang\nname: "Huyện ủy Cầu Ngang # CẦN XEM LẠI: chữ của bài"\nplace: "Cầu Ngang"\nlevel: huyen\nkind: dia-phuong\n'
            'province: tra-vinh\nsources:\n  - title: "Bài"\n    date: "2019-01-22"  # CẦN XEM LẠI: ngày\n---\nTóm tắt.\n')
    source = split_record("records/units/tra-vinh/cau-ngang.md", "unit", text, [])
    found = [d for d in validate(source, dt.date(2026, 1, 1))[1] if d.code == "KB130"]
    assert [(d.line, d.message) for d in found] == [(10, "cần xem lại: ngày")]


@pytest.mark.parametrize("text, about", [
    ("Cán bộ, đảng viên học tập và làm theo tấm gương đạo đức Hồ Chí Minh.", True),
    ("Huyện tổng kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.", True),
    ("Chi bộ sinh hoạt chuyên đề về tư tưởng, đạo đức, phong cách của Người.", True),
    ("Doanh nghiệp ở Thành phố Hồ Chí Minh làm theo hướng dẫn của ngành thuế.", False),
    ("Nông dân Chợ Lách làm theo quy trình trồng sầu riêng của ngành nông nghiệp.", False),
])
def test_about_the_campaign(text, about):
    from kb.intake.article.extract import about_the_campaign
    assert about_the_campaign(text) is about


def test_a_commune_that_shares_a_district_name_and_a_menu_line():
    gazetteer = load_places(str(REPO))
    body = "Đảng ủy xã Hòa Bình (huyện Chợ Gạo) lãnh đạo các chi bộ học tập và làm theo gương Bác. " * 2
    unit = find_unit("Đảng bộ xã Hòa Bình: Lan tỏa việc làm theo gương Bác", body, gazetteer)
    assert (unit.name, unit.level, unit.province) == ("Đảng bộ xã Hòa Bình", "xa", "tien-giang")
    from kb.intake.article.maintext import is_chrome
    assert is_chrome("Trang chủ | Tin tức | Xây dựng Đảng") and is_chrome("English | Tiếng Việt")
    assert not is_chrome("Huyện ủy Chợ Gạo | Sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị")


def test_numbers_inside_a_quoted_name_are_not_figures_and_a_dated_line_is_not_a_menu():
    assert figures_in("Xã nhân rộng mô hình “Chi bộ 4 tốt” của ấp Hòa Thạnh với 25 hộ tham gia.")[0].value == 25
    from kb.intake.article.maintext import is_chrome
    assert not is_chrome("Đăng ngày: 14/07/2022 | 08:45")


def test_a_province_whose_capital_has_its_name():
    gazetteer = load_places(str(REPO))
    body = "Ban Thường vụ Tỉnh ủy Bến Tre tổ chức hội nghị. Tỉnh ủy đã ban hành kế hoạch. Các huyện Chợ Lách, Giồng Trôm. "
    unit = find_unit("Tỉnh ủy Bến Tre sơ kết 3 năm thực hiện Kết luận 01-KL/TW", body * 2, gazetteer)
    assert (unit.name, unit.level, unit.province) == ("Tỉnh ủy Bến Tre", "tinh", "ben-tre")


def test_the_issuer_named_before_a_local_document():
    cited = cited_documents(["Tỉnh ủy đã ban hành Kế hoạch số 45-KH/TU để thực hiện Kết luận."], "ben-tre", "ben-tre")
    assert (cited[0].id, cited[0].issuer) == ("45-kh-tu-ben-tre", "Tỉnh ủy")


def test_events_of_the_page_year_do_not_flag_the_date():
    found = page_date(["Thứ Năm, 20/06/2024"], [], "Sáng 19/6, hội nghị sơ kết Kết luận ngày 18/5/2021. " + LONG,
                      today=TODAY)
    assert found.value == "2024-06-20" and found.warnings == []


def test_issuer_names_stop_at_lower_case_words():
    cited = cited_documents(["Thực hiện Hướng dẫn số 12-HD/HU của Huyện ủy Chợ Gạo đã đề ra."], "cho-gao")
    assert cited[0].issuer == "Huyện ủy Chợ Gạo"


def test_bulleted_and_la_forms_of_lessons():
    lessons = find_lessons(["Một số bài học kinh nghiệm:", "- Thứ nhất là, phải kiên trì.", "- Thứ hai là: làm từ việc nhỏ."])
    assert [(l.order, l.text) for l in lessons] == [("Thứ nhất", "phải kiên trì."), ("Thứ hai", "làm từ việc nhỏ.")]


def test_an_agency_party_organisation_named_by_the_title():
    gazetteer = load_places(str(REPO))
    body = "Đảng ủy Công an tỉnh Bến Tre lãnh đạo các chi bộ học tập và làm theo gương Bác. " * 2
    unit = find_unit("Đảng bộ Công an tỉnh Bến Tre: Làm theo Bác vì nhân dân phục vụ", body, gazetteer)
    assert (unit.name, unit.level, unit.province) == ("Đảng bộ Công an tỉnh Bến Tre", "tinh", "ben-tre")
    cell = find_unit("Chi bộ Phòng Nông nghiệp huyện Chợ Gạo làm theo Bác", "Chi bộ sinh hoạt chuyên đề. " * 3, gazetteer)
    assert (cell.name, cell.level, cell.province) == ("Chi bộ Phòng Nông nghiệp huyện Chợ Gạo", "huyen", "tien-giang")
