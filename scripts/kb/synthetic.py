"""A synthetic corpus for search tests and benchmarks — clearly not real data.

Thousands of generated units whose models and lessons mix generic phrases
with the traps that fool stock engines: 'đa dạng' next to 'đảng viên',
'đạt' next to 'đất', 'theo' next to 'thể', old and new tone placement.
A few 'needle' records carry the exact phrases the test queries look for,
so a small real corpus cannot hide poor ranking.

Generated records are written to a temporary project, never to records/.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from . import paths
from .search import INDEX_DIR, build_index
from .vietnamese import slugify

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
    import yaml
    provinces = provinces or [
        p["id"] for p in yaml.safe_load((catalog / "provinces.yml").read_text(encoding="utf-8"))["provinces"]]
    topics = yaml.safe_load((catalog / "topics.yml").read_text(encoding="utf-8"))
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
            f'---\nid: {unit_id}\nname: "Đảng ủy xã {place} (tổng hợp)"\nplace: "{place}"\nlevel: xa\n'
            f'province: {province}\nsources:\n  - title: "Dữ liệu tổng hợp để kiểm thử"\n    date: "2020-01-01"\n'
            f'models:\n{models}\nlessons:\n{lessons}\n---\nĐơn vị tổng hợp số {number}, dùng để đo tìm kiếm.\n',
            encoding="utf-8")
        if needle:
            url = paths.url_of(paths.model(unit_id, slugify(needle[0], max_length=60))).lstrip("/")
            queries += [{"q": query, "expect": [url]} for query in needle[1]]
    return queries


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
