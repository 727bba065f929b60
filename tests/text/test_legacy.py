"""Text in the old TCVN3 and VNI fonts, and files in old encodings: recognised, and repaired by `kb fix --legacy`."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata

from conftest import FIXTURES, REPO
from hypothesis import assume, given
from hypothesis import strategies as st
from kb import cli
from kb.check.runner import check
from kb.text.legacy import from_unicode, guess_encoding, legacy_words, repair_line

INVALID = FIXTURES / "invalid"
UNIT_PATH = "records/units/tra-vinh/cau-ngang.md"
SENTENCE = "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh."
TONES = "\u0300\u0301\u0303\u0309\u0323"


def test_the_tables_read_known_samples():
    # A line as it arrives when copied out of a .VnTime (TCVN3) and a VNI-Times document.
    assert repair_line("Häc tËp vµ lµm theo tÊm g\u00ad¬ng ®¹o ®øc Hå ChÝ Minh.") == (SENTENCE, "tcvn3")
    assert repair_line("Hoïc taäp vaø laøm theo taám göông ñaïo ñöùc Hoà Chí Minh.") == (SENTENCE, "vni")
    assert repair_line("ngöôøi ñöùng ñaàu") == ("người đứng đầu", "vni")
    assert repair_line("Nu«i heo ®Êt tiÕt kiÖm khuyÕn häc") == ("Nuôi heo đất tiết kiệm khuyến học", "tcvn3")
    assert repair_line("§¶ng bé x· S¬n §Þnh") == ("Đảng bộ xã Sơn Định", "tcvn3")
    assert repair_line("ÑAÛNG VIEÂN") == ("ĐẢNG VIÊN", "vni")


def test_unicode_text_is_left_alone():
    assert guess_encoding(SENTENCE) is None and repair_line("Hoà Bình, uỷ ban") is None
    assert repair_line("Học tập và Häc") is None  # mixed: a person has to look
    assert legacy_words("Học tập và Häc") == ["Häc"]


def _vocabulary() -> list[str]:
    """Every distinct word of the real records: what contributors actually paste."""
    words = set()
    for path in sorted((REPO / "records" / "units").rglob("*.md")):
        words.update(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8").lower()))
    return sorted(w for w in words if not w.isascii())


_WORDS = st.lists(st.sampled_from(_vocabulary()), min_size=3, max_size=12).map(" ".join)


@given(_WORDS)
def test_tcvn3_round_trip(text):
    legacy = from_unicode(text, "tcvn3")
    assert repair_line(legacy) == ((text, "tcvn3") if legacy_words(legacy) else None)


_VNI_PAIR = re.compile(r"[aeouyôöAEOUYÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]")


@given(_WORDS, st.booleans())
def test_vni_round_trip(text, upper):
    """Lines with a vowel-and-mark pair (nearly every real line); the others are the documented ambiguity."""
    text = text.upper() if upper else text
    legacy = from_unicode(text, "vni")
    assume(upper or _VNI_PAIR.search(legacy))
    assert repair_line(legacy) == ((text, "vni") if legacy_words(legacy) else None)


def test_a_single_ambiguous_letter_reads_as_tcvn3():
    assert repair_line("Ö") == ("ệ", "tcvn3")  # VNI would say 'Ư': without a vowel-and-mark pair, TCVN3 wins


def test_a_sentence_is_always_recognised_in_both_encodings():
    for encoding in ("tcvn3", "vni"):
        assert repair_line(from_unicode(SENTENCE, encoding)) == (SENTENCE, encoding)


def _run_fix(project, *args) -> int:
    return cli.main(["--root", str(project), "fix", *args, str(project / UNIT_PATH)])


def test_fix_legacy_repairs_pasted_tcvn3_and_vni(mini_project, capsys):
    for fixture in ("KB302-tcvn3.md", "KB302-vni.md"):
        shutil.copy(INVALID / fixture, mini_project / UNIT_PATH)
        assert _run_fix(mini_project) == 0  # the safe fixes do not touch it
        assert "KB302" in [d.code for d in check(mini_project, today=dt.date(2026, 11, 24)).diagnostics]
        assert _run_fix(mini_project, "--legacy") == 0
        assert (mini_project / UNIT_PATH).read_text(encoding="utf-8").endswith(SENTENCE + "\n")
        assert "dòng 12: chữ " in capsys.readouterr().out
        assert check(mini_project, today=dt.date(2026, 11, 24)).diagnostics == []


def test_fix_legacy_leaves_mixed_lines_and_says_so(mini_project, capsys):
    record = mini_project / UNIT_PATH
    text = (INVALID / "KB302-tcvn3.md").read_text(encoding="utf-8").replace("Häc tËp", "Học tËp")
    record.write_text(text, encoding="utf-8")
    _run_fix(mini_project, "--legacy")
    assert record.read_text(encoding="utf-8") == text
    assert "dòng 12: có chữ lỗi phông lẫn với chữ Unicode" in capsys.readouterr().err


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes the tone as a separate mark after the letter (â, ê, ơ, đ… are letters of their own)."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in TONES)
        out.append(unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def test_fix_reads_files_in_old_encodings(mini_project, capsys):
    record = mini_project / UNIT_PATH
    good = (INVALID / "ok-unquoted-date.md").read_text(encoding="utf-8")
    today = dt.date(2026, 11, 24)
    record.write_bytes(good.encode("utf-16"))
    assert _run_fix(mini_project) == 0 and record.read_text(encoding="utf-8") == good  # safe: no --legacy needed
    record.write_bytes(_cp1258(good))
    assert _run_fix(mini_project) == 1 and "chạy 'kb fix --legacy" in capsys.readouterr().err
    assert [d.code for d in check(mini_project, today=today).diagnostics] == ["KB301"]
    assert _run_fix(mini_project, "--legacy") == 0 and record.read_text(encoding="utf-8") == good
    assert "Windows-1258" in capsys.readouterr().out
    record.write_bytes(from_unicode(good, "tcvn3").encode("latin-1"))  # a .VnTime text saved as bytes
    assert _run_fix(mini_project, "--legacy") == 0
    assert "TCVN3" in capsys.readouterr().out
    assert "Huyện ủy Cầu Ngang" in record.read_text(encoding="utf-8")


def test_bytes_outside_windows_1258_are_shown_not_hidden(mini_project, capsys):
    record = mini_project / UNIT_PATH
    good = (INVALID / "ok-unquoted-date.md").read_text(encoding="utf-8")
    record.write_bytes(_cp1258(good).replace(_cp1258("Tóm"), b"T\x81m"))  # 0x81 means nothing in Windows-1258
    assert _run_fix(mini_project, "--legacy") == 0
    assert "dòng 12: có byte không thuộc bảng mã Windows-1258" in capsys.readouterr().err
    found = [d for d in check(mini_project, today=dt.date(2026, 11, 24)).diagnostics if d.path == UNIT_PATH]
    assert [(d.code, d.line) for d in found] == [("KB304", 12)]



def test_legacy_words_use_one_character_class_and_no_backtracking():
    """kb fix --legacy shares the checker's word pattern: one character class repeated, which the regex
    engine matches in one pass (the old pattern, a required character between two starred classes,
    backtracked over every long run of letters: 80,000 letters took 40 s). Timings: bench/FUZZ-RESULTS.md."""
    import re

    from kb.text import legacy
    assert re.fullmatch(r"\[[^\]]*\]\+", legacy._LETTER_RUN.pattern)
    assert legacy.legacy_words("a" * 200_000) == []
    assert legacy.legacy_words("Häc tËp vµ làm") == ["Häc", "vµ"]  # Ë is also a Latin-1 letter: no telltale
