"""A synthetic corpus for search tests and benchmarks — clearly not real data.

Thousands of generated units whose models and lessons mix generic phrases
with the traps that fool stock engines: 'đa dạng' next to 'đảng viên',
'đạt' next to 'đất', 'theo' next to 'thể', old and new tone placement.
A few 'needle' records carry the exact phrases the test queries look for,
so a small real corpus cannot hide poor ranking.

`write_dense_corpus` makes the benchmark corpus instead: units with the density
of the real records (per article about 2 models, 4 figures and 1 shortcoming on
average, up to 9 models, 4 lessons and 25 figures), long bodies, every record
kind (units of every level, directives, themes) and so every kind of page.

Generated records are written to a temporary project, never to records/.
Catalogues are read the way the checker reads them (kb.check.load, kb.text.yamlsource).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from kb.check.load import read_text
from kb.generate.search.index import INDEX_DIR, build_index
from kb.model import paths
from kb.text.vietnamese import slugify
from kb.text.yamlsource import read_yaml

SYLLABLES = ("An Bình Hòa Phú Tân Long Thạnh Mỹ Phước Thới Hưng Lợi Đông Tây Nam Bắc Trung Hiệp Quang "
             "Vĩnh Xuân Thuận Đức Hải Sơn Lâm Thủy Kim Ngọc Hồng Minh Thành Cát Lộc Thọ Khánh Hiếu Nghĩa").split()

GENERIC_MODELS = [
    "Dân vận khéo trong xây dựng nông thôn mới", "Phát huy đa dạng hình thức tuyên truyền",
    "Chăn nuôi bò đạt hiệu quả kinh tế", "Tuyến đường hoa tự quản", "Ngày thứ bảy tình nguyện",
    "Làm theo lời Bác trong cải cách hành chính", "Đất đai minh bạch, công khai", "Thể thao quần chúng ở ấp",
    "Tổ hòa giải ở cơ sở", "Quỹ khuyến học dòng họ", "Đạt chuẩn văn minh đô thị", "Hũ gạo tình thương",
    "Gương mẫu học tập và làm theo", "Sinh hoạt chi bộ có chủ đề", "Cải cách thủ tục một cửa",
    "Góp đất mở đường giao thông nông thôn", "Đa dạng hóa sinh kế cho hộ nghèo", "Tiết kiệm điện nơi công sở",
]
GENERIC_LESSONS = [
    "Cấp ủy phải thường xuyên kiểm tra, giám sát việc thực hiện.",
    "Tuyên truyền phải đa dạng, phù hợp với từng đối tượng.",
    "Kịp thời biểu dương, khen thưởng các điển hình tiên tiến.",
    "Gắn việc học tập và làm theo với nhiệm vụ chính trị của đơn vị.",
    "Đạt kết quả cao nhờ phát huy vai trò của các đoàn thể.",
]

# Needles: (title, query variants that must find it first, kind)
NEEDLES = [
    ("Nuôi heo đất tiết kiệm khuyến học", ["heo đất", "heo dat", "nuoi heo dat"]),
    ("Đảng viên gương mẫu nơi khu dân cư", ["đảng viên gương mẫu", "dang vien guong mau"]),
    ("Cụ thể hoá nghị quyết thành việc làm", ["cụ thể hoá nghị quyết", "cu the hoa nghi quyet", "cụ thể hóa nghị quyết"]),
    ("Uỷ viên ban chấp hành nhận đỡ đầu hộ nghèo", ["ủy viên nhận đỡ đầu", "uy vien do dau"]),
    ("Tổ hoà giải kiểu mẫu ở khu phố", ["hòa giải kiểu mẫu", "hoa giai kieu mau"]),
    ("Người đứng đầu đối thoại với dân hằng tháng", ["người đứng đầu đối thoại", "nguoi dung dau doi thoai"]),
    ("Thể dục dưỡng sinh cho người cao tuổi", ["thể dục dưỡng sinh", "the duc duong sinh"]),
]


def _place(rng: random.Random, number: int) -> str:
    return f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {number}"


def write_corpus(project: Path, units: int, seed: int = 2026, provinces: list[str] | None = None) -> list[dict]:
    """Write `units` synthetic unit records into project/records/units; return needle queries.

    Units are spread over every province of the catalogue, or over `provinces` when given.
    """
    rng = random.Random(seed)
    catalog = project / "records"
    provinces = provinces or [p["id"] for p in read_catalog(project, "provinces.yml")["provinces"]]
    topics = read_catalog(project, "topics.yml")
    fields = [f["id"] for f in topics["fields"]]
    lesson_topics = [t["id"] for t in topics["lesson_topics"]]
    needle_units = {rng.randrange(units): needle for needle in NEEDLES}
    queries = []
    for number in range(units):
        place = _place(rng, number)
        unit_id = f"{slugify(place)}-tong-hop"
        province = rng.choice(provinces)
        titles = rng.sample(GENERIC_MODELS, 3)
        needle = needle_units.get(number)
        if needle:
            titles.append(needle[0])
        models = "\n".join(
            f'  - title: "{title}"\n    owner: "Chi bộ {place}"\n    kind: tap-the\n    field: {rng.choice(fields)}'
            for title in titles)
        lessons = "\n".join(
            f'  - title: "Bài học {index + 1}"\n    text: "{text}"\n    topics: [{rng.choice(lesson_topics)}]'
            for index, text in enumerate(rng.sample(GENERIC_LESSONS, 2)))
        folder = catalog / "units" / province
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{unit_id}.md").write_text(
            f'---\nid: {unit_id}\nname: "Đảng ủy xã {place} (tổng hợp)"\nplace: "{place}"\nlevel: xa\nkind: dia-phuong\n'
            f'province: {province}\nsources:\n  - title: "Dữ liệu tổng hợp để kiểm thử"\n    date: "2020-01-01"\n'
            f'models:\n{models}\nlessons:\n{lessons}\n---\nĐơn vị tổng hợp số {number}, dùng để đo tìm kiếm.\n',
            encoding="utf-8")
        if needle:
            url = paths.url_of(paths.model(unit_id, slugify(needle[0], max_length=60))).lstrip("/")
            queries += [{"q": query, "expect": [url]} for query in needle[1]]
    return queries


def read_catalog(project: Path, name: str) -> dict:
    """A catalogue under project/records, read as `kb check` reads it (UTF-8, YAML 1.2 core)."""
    problems: list = []
    text = read_text(project / "records" / name, f"records/{name}", problems)
    located = read_yaml(text or "", first_line=1)
    if text is None or problems or located.problems or not isinstance(located.data, dict):
        raise ValueError(f"danh mục records/{name} không đọc được: {[*problems, *located.problems]}")
    return located.data


# Dense corpus: counts per unit drawn from these weights (index = count).
MODEL_WEIGHTS = (14, 28, 24, 14, 8, 5, 3, 2, 1, 1)          # mean ≈ 2.2, at most 9
LESSON_WEIGHTS = (40, 15, 15, 12, 18)                        # at most 4
LIMITATION_WEIGHTS = (45, 25, 15, 15)                        # mean ≈ 1
LEVELS = (("huyen", "dia-phuong"), ("huyen", "dia-phuong"), ("xa", "dia-phuong"), ("xa", "dia-phuong"),
          ("xa", "dia-phuong"), ("tinh", "co-quan"), ("co-so", "chi-bo"), ("tinh", "dia-phuong"))
NAME_OF_LEVEL = {("tinh", "dia-phuong"): "Tỉnh ủy", ("huyen", "dia-phuong"): "Huyện ủy",
                 ("xa", "dia-phuong"): "Đảng ủy xã", ("tinh", "co-quan"): "Đảng ủy cơ quan",
                 ("co-so", "chi-bo"): "Chi bộ"}
RESULT_LABELS = [("Đảng viên hoàn thành tốt nhiệm vụ trở lên", "%"), ("Lớp quán triệt chuyên đề", "lớp"),
                 ("Lượt cán bộ, đảng viên tham gia học tập", "lượt"), ("Tập thể được biểu dương", "tập thể"),
                 ("Cá nhân được khen thưởng", "cá nhân"), ("Mô hình đăng ký mới", "mô hình"),
                 ("Hộ thoát nghèo", "hộ"), ("Kinh phí vận động", "triệu đồng"), ("Hội thi tìm hiểu", "hội thi")]
LIMITATIONS = ["việc nhân rộng điển hình có lúc chưa kịp thời", "một bộ phận cán bộ, đảng viên chưa tự giác",
               "công tác kiểm tra, giám sát có nơi còn hình thức", "tuyên truyền ở cơ sở chưa đa dạng",
               "sơ kết, tổng kết ở một số chi bộ còn chậm"]
SENTENCES = [
    "Cấp ủy đã ban hành kế hoạch thực hiện, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
    "Mỗi cán bộ, đảng viên đăng ký ít nhất một việc làm cụ thể, được chi bộ đánh giá hằng quý.",
    "Việc học tập và làm theo được gắn với nhiệm vụ chính trị, với cải cách hành chính và xây dựng nông thôn mới.",
    "Các đoàn thể phối hợp tổ chức hội thi, tọa đàm, kể chuyện về tấm gương đạo đức của Bác.",
    "Người đứng đầu nêu gương, đối thoại trực tiếp với nhân dân để tháo gỡ khó khăn, vướng mắc.",
    "Kết quả được sơ kết hằng năm; điển hình tiên tiến được biểu dương, khen thưởng kịp thời.",
    "Nhiều mô hình hay được nhân rộng ra các ấp, khu phố và các cơ quan, đơn vị trên địa bàn.",
    "Bên cạnh kết quả đạt được vẫn còn những hạn chế cần khắc phục trong thời gian tới.",
]


def _counts(rng: random.Random, weights: tuple[int, ...]) -> int:
    return rng.choices(range(len(weights)), weights)[0]


def _body(rng: random.Random, number: int, paragraphs: int) -> str:
    lines = [f"Đơn vị tổng hợp số {number}, dùng để đo tốc độ dựng trang (không phải dữ liệu thật)."]
    for _ in range(paragraphs):
        lines.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 9))))
    return "\n\n".join(lines) + "\n"


def _write(path: Path, frontmatter: str, body: str) -> None:
    path.write_text(f"---\n{frontmatter}\n---\n{body}", encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def write_dense_corpus(project: Path, units: int, seed: int = 2026) -> dict[str, int]:
    """Write `units` units plus directives and themes with the density of real records; return the counts.

    The catalogues (provinces, districts, topics, indicators) are the project's own. District-level
    units take real district names of their province, so the gazetteer check stays quiet.
    """
    rng = random.Random(seed)
    records = project / "records"
    provinces = [p["id"] for p in read_catalog(project, "provinces.yml")["provinces"]]
    districts = read_catalog(project, "districts.yml").get("provinces", {})
    topics = read_catalog(project, "topics.yml")
    fields = [f["id"] for f in topics["fields"]]
    lesson_topics = [t["id"] for t in topics["lesson_topics"]]
    indicators = [i["id"] for i in read_catalog(project, "indicators.yml")["indicators"]]
    counts = {"units": units, "models": 0, "lessons": 0, "results": 0, "limitations": 0}
    directive_ids = []
    for folder in ("directives", "themes"):
        (records / folder).mkdir(parents=True, exist_ok=True)
    for number in range(max(3, units // 200)):
        directive_id = f"{number + 1}-kh-tong-hop"
        directive_ids.append(directive_id)
        _write(records / "directives" / f"{directive_id}.md",
               f'id: {directive_id}\ncode: "{number + 1}-KH/TH"\nkind: ke-hoach\nissuer: "Ban Chỉ đạo (tổng hợp)"\n'
               f'date: "{2008 + number % 17}-0{1 + number % 9}-15"\ntitle: "Kế hoạch tổng hợp số {number + 1}"\n'
               f'sources:\n  - title: "Dữ liệu tổng hợp để đo"', _body(rng, number, 2))
    theme_ids = []
    for year in range(2008, 2026):
        theme_id = f"th-{year}"
        theme_ids.append(theme_id)
        _write(records / "themes" / f"{theme_id}.md",
               f'id: {theme_id}\nyear: {year}\ntitle: "Chuyên đề tổng hợp năm {year}"\n'
               f'directive: {rng.choice(directive_ids)}\nsources:\n  - title: "Dữ liệu tổng hợp để đo"\n'
               f'    date: "{year}-03-01"', _body(rng, year, 1))
    named: set[tuple[str, str]] = set()
    for number in range(units):
        province = rng.choice(provinces)
        level, kind = rng.choice(LEVELS)
        if level == "huyen" and districts.get(province):
            place = rng.choice(districts[province])["place"]
        else:
            place = _place(rng, number)
        unit_id = f"{slugify(place)}-th{number}"
        year = rng.randint(2008, 2025)
        name = NAME_OF_LEVEL[level, kind] + " " + place
        # a district drawn twice in a province is two units, named apart (one unit twice would be KB406)
        name += " (tổng hợp)" if (province, name) not in named else f" (tổng hợp {number})"
        named.add((province, NAME_OF_LEVEL[level, kind] + " " + place))
        lines = ["---", f"id: {unit_id}", f"name: {_quoted(name)}",
                 f"place: {_quoted(place)}", f"level: {level}", f"kind: {kind}", f"province: {province}",
                 f"directives: [{', '.join(rng.sample(directive_ids, rng.randint(1, 2)))}]"]
        if rng.random() < 0.3:
            lines.append(f"themes: [{rng.choice(theme_ids)}]")
        lines += ["sources:", '  - title: "Dữ liệu tổng hợp để đo tốc độ dựng trang"', f'    date: "{year}-06-01"',
                  '    publisher: "Báo tổng hợp"', f'    url: "https://example.org/bai/{number}"']
        models = _counts(rng, MODEL_WEIGHTS)
        if models:
            lines.append("models:")
            for index, title in enumerate(rng.sample(GENERIC_MODELS, models)):
                lines += [f'  - title: "{title}"', f'    owner: "Chi bộ {place} {index + 1}"',
                          f"    kind: {rng.choice(['tap-the', 'tap-the', 'ca-nhan'])}",
                          f"    field: {rng.choice(fields)}"]
                if rng.random() < 0.5:
                    lines.append(f"    year: {year}")
                if rng.random() < 0.6:
                    lines.append(f"    summary: {_quoted(' '.join(rng.sample(SENTENCES, 2)))}")
        lessons = _counts(rng, LESSON_WEIGHTS)
        if lessons:
            lines.append("lessons:")
            for index in range(lessons):
                lines += [f'  - title: "Bài học {index + 1} của {place}"',
                          f"    text: {_quoted(' '.join(rng.sample(GENERIC_LESSONS + SENTENCES, 4)))}",
                          f"    topics: [{', '.join(rng.sample(lesson_topics, rng.randint(1, 2)))}]"]
        results = rng.randint(10, 25) if rng.random() < 0.05 else rng.randint(0, 6)
        if results:
            lines.append("results:")
            for index, (label, unit) in enumerate(rng.sample(RESULT_LABELS * 3, results)):
                lines += [f'  - label: "{label} ({index + 1})"', f"    value: {rng.randint(1, 99 if unit == '%' else 5000)}",
                          f'    unit: "{unit}"', f"    year: {rng.randint(year - 3, year)}"]
                if unit == "%" and index == 0 and indicators:
                    lines.append(f"    indicator: {rng.choice(indicators)}")
        limitations = _counts(rng, LIMITATION_WEIGHTS)
        if limitations:
            lines.append("limitations:")
            lines += [f'  - text: "{text}"' for text in rng.sample(LIMITATIONS, limitations)]
        lines.append("---")
        folder = records / "units" / province
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{unit_id}.md").write_text("\n".join(lines) + "\n" + _body(rng, number, rng.randint(3, 8)),
                                              encoding="utf-8")
        counts["models"] += models
        counts["lessons"] += lessons
        counts["results"] += results
        counts["limitations"] += limitations
    return counts


def write_search_site(corpus, site: Path, script: Path) -> dict[str, str]:
    """A bare site with only the search index and a page that loads the client."""
    files = build_index(corpus)
    for name, text in files.items():
        target = site / INDEX_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (site / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(script, site / "assets" / "kb-search.js")
    (site / "tim-kiem").mkdir(parents=True, exist_ok=True)
    (site / "tim-kiem" / "index.html").write_text(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tìm kiếm</title>'
        '<script src="../assets/kb-search.js"></script></html>', encoding="utf-8")
    return files
