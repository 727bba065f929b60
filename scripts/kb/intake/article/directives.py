"""Documents the article cites, and one id per document however it is spelled.

`canonical_code` is a pure function the checker and search can call:
"05-CT/TW", "05-CT/TƯ", "05-CT/T.Ư", "05/CT-TW", "Chỉ thị 05", "chỉ thị số 5",
"Chỉ thị số 05-CT/TW của Bộ Chính trị" all give "05-ct-tw"; "Kế hoạch số 23-KH/TU" gives
"23-kh-tu" (a local document's record id adds its issuer: "23-kh-tu-quang-nam").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.intake.article.text import UP
from kb.text.dates import iso_date
from kb.text.vietnamese import fold, nfc

KIND_OF_LETTERS = {"ct": "chi-thi", "nq": "nghi-quyet", "kl": "ket-luan", "kh": "ke-hoach", "hd": "huong-dan",
                   "qd": "quy-dinh", "cv": "cong-van"}
_LETTERS_OF_WORD = {"chi thi": "ct", "nghi quyet": "nq", "ket luan": "kl", "ke hoach": "kh", "huong dan": "hd",
                    "quy dinh": "qd", "cong van": "cv"}
CENTRAL_ISSUERS = ("bo chinh tri", "ban bi thu", "ban chap hanh trung uong", "trung uong")
_CENTRAL_SUFFIX = {"tw", "tu'", "t.u'", "t.w"}
# "05-CT/TW", "05 - CT/TƯ", "05/CT-TW", "42-HD/HU", "23-KH/TU", "01-KL/TW"
_CODE = re.compile(r"(?<![\w/])(?P<number>\d{1,4})\s*[-/–]\s*(?P<letters>CT|NQ|KL|KH|HD|QĐ|QD|CV)\s*[/\-–]\s*"
                   r"(?P<issuer>T\.?\s?Ư|T\.?\s?W|TW|TƯ|[A-ZĐ]{1,8}(?:\.[A-ZĐ]{1,4})?)(?![\w])", re.I)
_NAMED = re.compile(r"(?P<word>chỉ thị|nghị quyết|kết luận|kế hoạch|hướng dẫn|quy định|công văn)\s+(?:số\s+)?"
                    r"(?P<number>\d{1,4})(?![\d/\-–])", re.I)
_ISSUER_AFTER = re.compile(r"^\s*(?:ngày\s+[\d/.\-]+\s+)?(?:của|do)\s+(?P<issuer>(?:Ban Thường vụ |Thường trực |Ban Chấp hành )?"
                           r"(?:Bộ Chính trị|Ban Bí thư|Trung ương|Tỉnh (?:ủy|uỷ)|Tỉnh uỷ|Thành (?:ủy|uỷ)|Huyện (?:ủy|uỷ)|Quận (?:ủy|uỷ)|Thị (?:ủy|uỷ)|"
                           r"Đảng (?:ủy|uỷ)|UBND|Ủy ban nhân dân)(?:\s+" + UP + r"[\wÀ-ỹ]*){0,3})")
_PLENUM = re.compile(r"Nghị quyết (?:Hội nghị )?Trung ương (?P<plenum>\d{1,2}|[IVX]+)\s*\(?\s*khóa\s+(?P<term>[IVXL]+)\)?",
                     re.I)


def _issuer_slug(issuer: str) -> str:
    text = nfc(issuer).strip().upper().replace(" ", "")
    if text.replace(".", "") in ("TƯ", "TW"):
        return "tw"
    return fold(text.replace(".", "")).replace("đ", "d")


def canonical_code(text: str, issuer: str | None = None) -> str | None:
    """One id for a document code however it is written; None when the text names no numbered document.

    `issuer` (the phrase after "của": "Bộ Chính trị", "Tỉnh (?:ủy|uỷ)") decides the suffix when the code is
    cited by number only; without it a numbered directive, resolution or conclusion is the Central one.
    """
    text = nfc(text)
    match = _CODE.search(text)
    if match:
        letters = fold(match["letters"]).replace("đ", "d")
        return f"{_pad(match['number'], letters)}-{letters}-{_issuer_slug(match['issuer'])}"
    named = _NAMED.search(text)
    if not named:
        return None
    letters = _LETTERS_OF_WORD[fold(named["word"].lower())]
    issuer = issuer if issuer is not None else (_ISSUER_AFTER.match(text[named.end():]) or {"issuer": ""})["issuer"]
    suffix = _suffix_of_issuer(issuer or "", letters)
    if suffix is None:
        return None
    return f"{_pad(named['number'], letters)}-{letters}-{suffix}"


def _pad(number: str, letters: str) -> str:
    return number.zfill(2) if letters in ("ct", "nq", "kl") else number


def _suffix_of_issuer(issuer: str, letters: str) -> str | None:
    folded = fold(issuer)
    if not folded or any(central in folded for central in CENTRAL_ISSUERS):
        return "tw" if (folded or letters in ("ct", "kl", "nq")) else None
    for word, suffix in (("tinh uy", "tu"), ("thanh uy", "tu"), ("huyen uy", "hu"), ("quan uy", "qu"),
                         ("thi uy", "tu"), ("dang uy", "du")):
        if word in folded:
            return suffix
    return None


@dataclass
class Cited:
    id: str  # record id ("05-ct-tw", "23-kh-tu-quang-nam", "nq-tw4-khoa-xii")
    code: str | None  # as documents write it ("05-CT/TW"); None for a document named only by its plenum
    kind: str
    issuer: str | None
    sentence: str
    local: bool
    title: str | None = None
    date: str | None = None


def cited_documents(sentences: list[str], unit_id: str | None, province_id: str | None = None) -> list[Cited]:
    """Each document the sentences cite, once, in order of first mention. A local document's id adds its
    issuer: the province for a provincial committee's ('/TU'), the reporting unit for the others."""
    found: dict[str, Cited] = {}
    for sentence in sentences:
        for match in _CODE.finditer(sentence):
            canonical = canonical_code(match.group(0))
            issuer = _issuer_after(sentence[match.end():])
            if issuer is None and not canonical.endswith("-tw"):
                issuer = _issuer_before(sentence[:match.start()])
            letters = canonical.split("-")[1]
            code = f"{match['number']}-{match['letters'].upper()}/{'TW' if canonical.endswith('-tw') else match['issuer'].upper()}"
            _add(found, canonical, code, letters, issuer, sentence, _issuer_id(canonical, unit_id, province_id),
                 _date_after(sentence[match.end():]))
        for match in _NAMED.finditer(sentence):
            after = sentence[match.end():]
            if re.match(r"\s*[-–/]\s*[A-ZĐ]", after):
                continue  # a full code: read above
            issuer = _issuer_after(after)
            canonical = canonical_code(match.group(0), issuer=issuer or "")
            if canonical is None:
                continue
            letters = canonical.split("-")[1]
            if canonical in found or any(c.id.startswith(canonical) for c in found.values()):
                continue
            suffix = canonical.rsplit("-", 1)[1]
            code = f"{_pad(match['number'], letters)}-{letters.upper()}/{suffix.upper()}"
            _add(found, canonical, code, letters, issuer, sentence, _issuer_id(canonical, unit_id, province_id), None)
        for match in _PLENUM.finditer(sentence):
            plenum, term = match["plenum"], match["term"].upper()
            record_id = f"nq-tw{plenum.lower()}-khoa-{term.lower()}"
            found.setdefault(record_id, Cited(record_id, None, "nghi-quyet", "Ban Chấp hành Trung ương", sentence, False,
                                              title=f"Nghị quyết Hội nghị Trung ương {plenum} khóa {term}"))
    return list(found.values())


def _add(found, canonical, code, letters, issuer, sentence, unit_id, date) -> None:
    local = not canonical.endswith("-tw")
    record_id = f"{canonical}-{unit_id}" if local and unit_id else canonical
    if record_id in found:
        return
    if not issuer and not local and letters == "ct":
        issuer = None
    found[record_id] = Cited(record_id, code, KIND_OF_LETTERS.get(letters, "chi-thi"), issuer, sentence, local,
                             date=date)


def _issuer_id(canonical: str, unit_id: str | None, province_id: str | None) -> str | None:
    return (province_id or unit_id) if canonical.endswith("-tu") else unit_id


_ISSUER_BEFORE = re.compile(r"(?P<issuer>(?:Ban Thường vụ |Thường trực )?(?:Tỉnh (?:ủy|uỷ)|Thành (?:ủy|uỷ)|Huyện (?:ủy|uỷ)|"
                            r"Quận (?:ủy|uỷ)|Thị (?:ủy|uỷ)|Đảng (?:ủy|uỷ)(?: xã| phường| thị trấn)?)(?:\s+" + UP + r"[\wÀ-ỹ]*){0,3})"
                            r"\s+(?:đã\s+|cũng\s+)?(?:ban hành|xây dựng|có)\s+(?:\S+\s+){0,3}$")


def _issuer_before(text: str) -> str | None:
    """'Tỉnh ủy đã ban hành Kế hoạch số 45-KH/TU': the organ that issued the document named before it."""
    match = _ISSUER_BEFORE.search(text[-120:])
    return match["issuer"].strip() if match else None


def _issuer_after(text: str) -> str | None:
    match = _ISSUER_AFTER.match(text)
    return match["issuer"].strip() if match else None


def _date_after(text: str) -> str | None:
    """'ngày 20/12/2018' right after a document's code: its date of issue."""
    match = re.match(r"^\s*ngày\s+(\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2})", text)
    return iso_date(match.group(1)) if match else None
