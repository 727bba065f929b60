"""argparse's own words in Vietnamese: "usage", "options", "invalid choice", "expected one argument"...

argparse passes every message it writes through gettext (`argparse._`, `argparse.ngettext`); the `kb` command
points those two names at `message` and `plural` below, so its help and its errors are Vietnamese from the first
word to the last. The table holds every message of argparse in Python 3.10 to 3.14 (a new one would show in
English, and tests/project/test_cli.py runs each kind of mistake to see that none does).
"""

from __future__ import annotations

MESSAGES = {
    "usage: ": "cách dùng: ",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "không có lựa chọn %(value)r — có phải ý bạn là %(closest)r? (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần kiểu %(type)s)",
    "expected one argument": "cần một giá trị đi kèm",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "ignored explicit argument %r": "bỏ qua giá trị %r viết kèm",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' đã cũ",
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' đã cũ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' đã cũ",
    "default": "mặc định",
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): "cần %s giá trị",
    ("ambiguous option: %(option)s could match %(matches)s",) * 2:
        "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
}


def message(text: str) -> str:
    """argparse's message in Vietnamese (its programming errors, for the code's authors, stay as written)."""
    return MESSAGES.get(text, text)


def plural(singular: str, many: str, count: int) -> str:
    return PLURALS.get((singular, many), singular if count == 1 else many)
