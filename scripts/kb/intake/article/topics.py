"""Suggested field (models) and topic (lessons) ids from records/topics.yml, by keywords.

Always a suggestion: the draft marks each one for review.
"""

from __future__ import annotations

from kb.text.vietnamese import fold

FIELD_WORDS = [
    ("giao-duc", ("khuyen hoc", "khuyen tai", "hoc sinh", "giao duc", "truong hoc", "giao vien")),
    ("cai-cach-hanh-chinh", ("hanh chinh", "mot cua", "thu tuc")),
    ("an-sinh-xa-hoi", ("nguoi ngheo", "ho ngheo", "an sinh", "nhan dao", "tu thien", "giam ngheo", "nha tinh nghia")),
    ("thanh-nien-viec-lam", ("viec lam", "xuat khau lao dong", "thanh nien", "doan vien")),
    ("nong-nghiep", ("lua", "nong nghiep", "chan nuoi", "trong trot", "nong dan", "cay trong")),
    ("moi-truong", ("moi truong", "rac thai", "tranh nhom", "xanh sach")),
    ("y-te", ("y te", "benh vien", "suc khoe", "benh nhan")),
    ("quoc-phong-an-ninh", ("an ninh", "cong an", "quan su", "quoc phong", "trat tu")),
    ("tuyen-truyen", ("tuyen truyen", "cuoc thi", "hoi thi", "thong tin", "bao chi")),
    ("kinh-te", ("kinh te", "doanh nghiep", "san xuat kinh doanh")),
    ("van-hoa-xa-hoi", ("van hoa", "the thao", "le hoi")),
    ("xay-dung-dang", ("dang vien", "chi bo", "dang bo", "cap uy", "sinh hoat", "nguoi dung dau", "phong cach")),
]
TOPIC_WORDS = [
    ("vai-tro-nguoi-dung-dau", ("nguoi dung dau", "neu guong", "guong mau", "bi thu cap uy")),
    ("lanh-dao-chi-dao", ("lanh dao, chi dao", "lanh dao chi dao", "chi dao", "to chuc thuc hien")),
    ("tuyen-truyen", ("tuyen truyen",)),
    ("xay-dung-nhan-rong-dien-hinh", ("dien hinh", "mo hinh", "nhan rong", "guong")),
    ("kiem-tra-giam-sat", ("kiem tra", "giam sat")),
    ("so-ket-tong-ket-khen-thuong", ("so ket", "tong ket", "khen thuong", "bieu duong")),
    ("chi-dao-diem", ("chi dao diem", "lam diem")),
    ("gan-voi-nhiem-vu-chinh-tri", ("gan voi", "gan viec", "gan ket", "phong trao thi dua", "nhiem vu chinh tri")),
    ("sinh-hoat-chi-bo", ("sinh hoat chi bo",)),
]


def suggest_field(text: str, known: set[str]) -> str:
    folded = fold(text)
    for field_id, words in FIELD_WORDS:
        if field_id in known and any(f" {w}" in f" {folded}" for w in words):
            return field_id
    return "xay-dung-dang" if "xay-dung-dang" in known else sorted(known)[0]


def suggest_topics(text: str, known: set[str], limit: int = 3) -> list[str]:
    folded = fold(text)
    scored = []
    for index, (topic_id, words) in enumerate(TOPIC_WORDS):
        hits = sum(folded.count(w) for w in words)
        if topic_id in known and hits:
            scored.append((-hits, index, topic_id))
    found = [t for _, _, t in sorted(scored)[:limit]]
    return found or (["lanh-dao-chi-dao"] if "lanh-dao-chi-dao" in known else sorted(known)[:1])
