"""What a first draft still holds that a person must change: placeholders of kb new, stray quotes."""

from __future__ import annotations

import re

from kb.model.diagnostics import Diagnostic, diagnostic

# What the templates below write for a person to replace: a value, a body, or a '# SỬA' comment.
PLACEHOLDER_VALUES = ("Tiêu đề bài viết nguồn", "Nguồn của tên chuyên đề", "Nguồn của các thông tin trên")


PLACEHOLDER_BODY = "SỬA:"
# The summary `kb import` writes for the reviewer to replace (kb.intake.article.assemble imports it): a draft whose
# review marks were deleted but whose summary was not written must not pass, any more than kb new's 'SỬA:'.
IMPORT_PLACEHOLDER_OPENING = "Bản nháp do `kb import` tạo."
IMPORT_PLACEHOLDER_BODY = (f"{IMPORT_PLACEHOLDER_OPENING} Người rà soát viết phần tóm tắt ở đây: chỉ nói điều bài nói, "
                           "giữ đúng chủ thể của từng việc.")


PLACEHOLDER_MARK = re.compile(r"(?:^|\s)#\s*SỬA\b")
REVIEW_MARK = re.compile(r"#\s*C[ẦÂA]N\s+XEM\s+L[ẠA]I\b", re.I)  # kb import's '# CẦN XEM LẠI: …' (KB130)


def draft_problems(source) -> list[Diagnostic]:
    """What a first draft still holds that a person must change (called by the checker):

    - KB140: a placeholder left from `kb new` — a template value such as the source title
      "Tiêu đề bài viết nguồn", a body starting "SỬA:", or a line still marked '# SỬA' (the date the
      template filled with the day the file was made) — or the summary `kb import` leaves for the reviewer,
      once no review mark is left (while marks are left it is one more KB130 warning: a draft passes the check);
    - KB141: a text value that ends with a straight double quote it never opened
      (`title: mỗi tuần một bài học"`), which would be published with the stray quote.
    """
    found = []
    lines = source.text.split("\n")
    closing = source.body_line - 2  # index of the closing '---'
    for index, line in enumerate(lines[1:closing], start=2):
        if "SỬA" not in line and not any(placeholder in line for placeholder in PLACEHOLDER_VALUES) and (
                not line.rstrip().endswith('"') or line.partition(":")[2].lstrip().startswith(_OPENINGS)):
            continue  # no mark, no template value, no closing quote left unopened: nothing below can match
        value = _value_of(line)
        if not line.lstrip().startswith("#") and (PLACEHOLDER_MARK.search(line) or value in PLACEHOLDER_VALUES):
            key = line.split(":", 1)[0].strip(" -")
            found.append(diagnostic(source.path, index, 1, "KB140",
                                    f"trường '{key}' vẫn là chỗ giữ chỗ của mẫu ({line.strip()[:60]})"))
        elif value is not None and _unopened_quote(line):
            found.append(diagnostic(source.path, index, line.index(":") + 3, "KB141",
                                    f"giá trị '{value}' có dấu \" ở cuối nhưng không có dấu \" ở đầu"))
    body = source.body.lstrip("\n")
    line = source.body_line + len(source.body) - len(body)
    if body.startswith(PLACEHOLDER_BODY):
        found.append(diagnostic(source.path, line, 1, "KB140", "phần thân vẫn là chỗ giữ chỗ 'SỬA: …' của mẫu"))
    elif IMPORT_PLACEHOLDER_OPENING in body:
        # A draft under review (marks left) passes with a warning, as its marks do; once every mark is gone, the
        # summary still to be written is an error: the record would be published with the importer's sentence.
        line += body[:body.index(IMPORT_PLACEHOLDER_OPENING)].count("\n")
        under_review = any(REVIEW_MARK.search(text) for text in lines[1:closing])
        found.append(diagnostic(source.path, line, 1, "KB130" if under_review else "KB140",
                                f"phần thân vẫn là câu mẫu của kb import ('{IMPORT_PLACEHOLDER_OPENING} …'), chưa có "
                                "tóm tắt của người rà soát" + ("; viết tóm tắt trước khi xoá dấu cuối cùng"
                                                               if under_review else "")))
    return found


def _value_of(line: str) -> str | None:
    """The value of a one-line 'key: value' (or '- key: value'), quotes removed; None for other lines."""
    match = re.match(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:\s+(.+?)\s*(?:\s#.*)?$", line)
    if not match:
        return None
    return match.group(1).strip().strip('"')


_OPENINGS = ("\"", "'", "[", "{", "|", ">")  # how a value that may end with '"' begins


def _unopened_quote(line: str) -> bool:
    match = re.match(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:\s+(.+?)\s*$", line)
    if not match:
        return False
    value = match.group(1)
    return (not value.startswith(_OPENINGS) and value.endswith('"')
            and value.count('"') % 2 == 1)
