"""Abbreviations of the Party's and the State's vocabulary, in one table: 'THCS' ↔ 'trung học cơ sở'.

Search reads the table both ways (kb.generate.search): a record that writes 'THCS' is found by a query
'trung học cơ sở', and a record that writes the words out is found by 'THCS'. Each abbreviation is written
as records write it, with the words it stands for. An abbreviation alone is listed only when its letters
cannot be a Vietnamese syllable ('TU' for Tỉnh ủy would also be 'tu', 'tư', 'tự'); letters that could are
listed inside a document code, with the issuer ('CT/TW': chỉ thị of the Central Committee).
"""

from __future__ import annotations

import re

from kb.text.vietnamese import fold

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ANTT": ("an ninh trật tự",),
    "ATGT": ("an toàn giao thông",),
    "BCH": ("Ban Chấp hành",),
    "BCĐ": ("Ban Chỉ đạo",),
    "BĐBP": ("Bộ đội Biên phòng",),
    "BHXH": ("bảo hiểm xã hội",),
    "BHYT": ("bảo hiểm y tế",),
    "BTV": ("Ban Thường vụ",),
    "CAND": ("Công an nhân dân",),
    "CCB": ("cựu chiến binh",),
    "CHQS": ("chỉ huy quân sự",),
    "CNXH": ("chủ nghĩa xã hội",),
    "CT/TW": ("chỉ thị Trung ương",),
    "ĐVTN": ("đoàn viên thanh niên",),
    "GD&ĐT": ("giáo dục và đào tạo", "giáo dục - đào tạo"),
    "HĐND": ("Hội đồng nhân dân",),
    "HLHPN": ("Hội Liên hiệp Phụ nữ",),
    "HTX": ("hợp tác xã",),
    "KL/TW": ("kết luận Trung ương",),
    "KT-XH": ("kinh tế - xã hội", "kinh tế xã hội"),
    "LĐLĐ": ("Liên đoàn Lao động",),
    "LLVT": ("lực lượng vũ trang",),
    "MTTQ": ("Mặt trận Tổ quốc",),
    "NQ/TW": ("nghị quyết Trung ương",),
    "NTM": ("nông thôn mới",),
    "QĐ/TW": ("quy định Trung ương",),
    "QĐND": ("Quân đội nhân dân",),
    "TCCS": ("tổ chức cơ sở",),
    "TCCSĐ": ("tổ chức cơ sở đảng",),
    "THCS": ("trung học cơ sở",),
    "THPT": ("trung học phổ thông",),
    "TNCS": ("Thanh niên Cộng sản",),
    "TP.HCM": ("Thành phố Hồ Chí Minh",),
    "UBND": ("Ủy ban nhân dân",),
    "XHCN": ("xã hội chủ nghĩa",),
}

_LETTERS = re.compile(r"[^\W_]+")


def key(abbreviation: str) -> str:
    """The one search term an abbreviation and its expansions share: its letters folded ('CT/TW' → 'cttw')."""
    return "".join(_LETTERS.findall(fold(abbreviation)))


def forms() -> list[tuple[str, list[tuple[str, ...]]]]:
    """(key, [folded syllables of each written form]) per abbreviation, the abbreviation's own form first:
    ('thcs', [('thcs',), ('trung', 'hoc', 'co', 'so')]). Sorted by key, for meta.json and the index alike."""
    out = []
    for abbreviation, expansions in sorted(ABBREVIATIONS.items(), key=lambda item: key(item[0])):
        written = [abbreviation, *expansions]
        out.append((key(abbreviation), [tuple(_LETTERS.findall(fold(form))) for form in written]))
    return out
