"""The `kb` command's arguments and their help, in Vietnamese (argparse's own words too)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.model import vocabulary
from kb.text import cliwords

argparse._ = cliwords.message  # argparse's own words ("usage", "invalid choice"...) in Vietnamese
argparse.ngettext = cliwords.plural


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Kiểm tra và biên dịch cơ sở dữ liệu điển hình, kinh nghiệm.")
    parser.add_argument("--root", type=Path, default=None, metavar="THƯ_MỤC", help="thư mục dự án (mặc định: tự tìm)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")

    check_parser = commands.add_parser("check", help="kiểm tra hồ sơ, báo mọi lỗi một lần")
    check_parser.add_argument("files", nargs="*", type=Path, metavar="TỆP",
                              help="chỉ kiểm tra các tệp (hoặc thư mục) này")
    check_parser.add_argument("--format", choices=["text", "github", "json"], default="text",
                              help="cách in: text (mặc định), github (chú thích trên pull request), json")

    build_parser = commands.add_parser("build", help="kiểm tra, sinh trang và dựng trang web vào site/")
    build_parser.add_argument("--pages-only", action="store_true", help="chỉ sinh trang markdown, không chạy mkdocs")
    build_parser.add_argument("--no-strict", action="store_true", help="không coi cảnh báo của mkdocs là lỗi")
    build_parser.add_argument("--jobs", type=_whole_number, default=None, metavar="N",
                              help="số tiến trình dựng trang web, từng trang một (kb.build.pagewise: cùng kết quả với mkdocs "
                                   "build, ít bộ nhớ hơn); mặc định: mỗi lõi một tiến trình, tối đa 4; 0: mkdocs build")
    build_parser.add_argument("--reuse", action="store_true",
                              help="dùng lại docs/ và site/ của lần dựng trước (ví dụ từ bộ nhớ đệm của CI), chỉ dựng "
                                   "lại trang đổi")
    build_parser.add_argument("--offline", action="store_true",
                              help="dựng bản mở được từ ổ đĩa, không cần máy chủ, vào site-offline/ và site-offline.zip")

    serve_parser = commands.add_parser("serve", help="xem trước trang web, tự biên dịch lại khi hồ sơ thay đổi")
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="ĐỊA_CHỈ",
                              help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")

    fix_parser = commands.add_parser("fix", help="sửa tự động các lỗi máy móc (NFC, xuống dòng, thứ tự trường)")
    fix_parser.add_argument("files", nargs="*", type=Path, metavar="TỆP", help="chỉ sửa các tệp (hoặc thư mục) này")
    fix_parser.add_argument("--check", action="store_true", help="chỉ báo tệp cần sửa, không ghi (mã thoát 1 nếu có)")
    fix_parser.add_argument("--legacy", action="store_true",
                            help="chuyển chữ gõ bằng phông cũ TCVN3 (ABC), VNI sang Unicode; đọc tệp không phải UTF-8 "
                                 "(xem lại từng dòng được chuyển)")

    new_parser = commands.add_parser("new", help="tạo hồ sơ mới từ mẫu có chú thích")
    new_kinds = new_parser.add_subparsers(dest="kind", required=True, metavar="LOẠI", title="loại hồ sơ")
    new_unit = new_kinds.add_parser("unit", help="đơn vị")
    new_unit.add_argument("--name", metavar="TÊN", help="tên đơn vị, ví dụ \"Huyện ủy Cầu Ngang\"")
    new_unit.add_argument("--province", metavar="MÃ_TỈNH", help="mã tỉnh tại thời điểm báo cáo, ví dụ tra-vinh")
    new_unit.add_argument("--level", choices=vocabulary.values("level"), help="cấp (mặc định: đoán từ tên)")
    new_unit.add_argument("--kind", dest="unit_kind", choices=vocabulary.values("unit_kind"),
                          help="loại đơn vị (mặc định: đoán từ tên)")
    new_unit.add_argument("--place", metavar="ĐỊA_DANH", help="địa danh (mặc định: tên bỏ phần tên cơ quan)")
    new_theme = new_kinds.add_parser("theme", help="chuyên đề")
    new_theme.add_argument("--year", metavar="NĂM", help="năm của chuyên đề, ví dụ 2019")
    new_theme.add_argument("--title", metavar="TÊN", help="tên đầy đủ của chuyên đề")
    new_directive = new_kinds.add_parser("directive", help="văn bản")
    new_directive.add_argument("--code", metavar="SỐ_HIỆU", help="số hiệu, ví dụ 05-CT/TW")
    new_directive.add_argument("--issuer", metavar="CƠ_QUAN", help="cơ quan ban hành")
    new_directive.add_argument("--issuer-unit", metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị ban hành (văn bản địa phương)")

    commands.add_parser("docs", help="cập nhật các bảng sinh tự động trong CONTRIBUTING.md")

    import_parser = commands.add_parser("import", help="nhập bài báo thành bản nháp hồ sơ để rà soát")
    import_parser.add_argument("sources", nargs="+", metavar="NGUỒN",
                               help="tệp .txt/.html, '-' (đầu vào chuẩn) hoặc địa chỉ http(s)")
    import_parser.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ",
                               help="mã đơn vị đã có, khi bài không nêu đơn vị hoặc để ghi vào đơn vị đó")
    import_parser.add_argument("--name", metavar="TÊN",
                               help="tên đơn vị mới khi bài không nêu, ví dụ \"Huyện ủy Cầu Ngang\"")
    import_parser.add_argument("--province", metavar="MÃ_TỈNH", help="mã tỉnh của đơn vị (khi dùng --name)")
    import_parser.add_argument("--url", metavar="ĐỊA_CHỈ",
                               help="địa chỉ trang của bài (khi nhập từ tệp đã lưu): tên miền và đường dẫn "
                                    "thường cho biết tỉnh và ngày đăng")
    import_parser.add_argument("--out", type=Path, metavar="THƯ_MỤC",
                               help="ghi bản nháp vào thư mục này thay vì records/")
    import_parser.add_argument("--dry-run", action="store_true", help="chỉ in những gì tìm được, không ghi tệp")
    import_parser.add_argument("--force", action="store_true",
                               help="nhập cả bài không thuộc chủ đề, hoặc nhập lại bài đã có (thay các mục cũ của bài đó)")

    issue_parser = commands.add_parser("from-issue", help="đọc nội dung một issue tạo bằng biểu mẫu, viết hồ sơ")
    issue_parser.add_argument("body", type=Path, metavar="TỆP",
                              help="tệp chứa nội dung issue (markdown GitHub sinh ra từ biểu mẫu)")
    issue_parser.add_argument("--form", choices=["de-xuat", "bai-bao"], help="biểu mẫu (mặc định: tự nhận ra)")
    issue_parser.add_argument("--comment", type=Path, metavar="TỆP",
                              help="ghi lời nhắn (tiếng Việt) cho issue vào tệp này")
    issue_parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không giữ hồ sơ đã viết")
    return parser


def _whole_number(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' không phải một số nguyên (ví dụ: 2)")
    return int(text)
