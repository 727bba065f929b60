"""The registry of diagnostic codes and the Diagnostic record every stage emits.

Codes are grouped by what they are about:
KB1xx structure and schema, KB2xx references, KB3xx text and encoding,
KB4xx duplicates, KB5xx unsafe content. Emitting a code that is not in
CODES is a bug (``Diagnostic`` refuses it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.text.characters import shown

ERROR = "error"
WARNING = "warning"

# code: (severity, short Vietnamese title, how to fix)
CODES: dict[str, tuple[str, str, str]] = {
    # KB1xx — structure and schema
    "KB101": (ERROR, "thiếu phần đầu YAML (frontmatter)",
              "Tệp phải bắt đầu bằng một dòng '---', tiếp theo là các trường, rồi một dòng '---' nữa."),
    "KB102": (ERROR, "YAML sai cú pháp",
              "Kiểm tra thụt lề (chỉ dùng dấu cách, không dùng Tab), dấu ngoặc kép đóng mở đủ cặp, dấu ':' sau tên trường."),
    "KB103": (ERROR, "một trường được khai báo hai lần",
              "Xoá một trong hai dòng; giữ lại giá trị đúng (nếu để cả hai, một giá trị sẽ bị mất)."),
    "KB104": (ERROR, "dùng anchor/alias YAML (& hoặc *)",
              "Viết trực tiếp giá trị; hồ sơ không được dùng & và * của YAML."),
    "KB105": (ERROR, "thẻ YAML không được hỗ trợ (!!...)",
              "Bỏ thẻ bắt đầu bằng '!' và viết giá trị bình thường."),
    "KB110": (ERROR, "thiếu trường bắt buộc",
              "Thêm trường còn thiếu; xem bảng trường dữ liệu trong hướng dẫn đóng góp."),
    "KB111": (ERROR, "trường không có trong lược đồ",
              "Kiểm tra chính tả tên trường, hoặc xoá trường này."),
    "KB112": (ERROR, "giá trị sai kiểu",
              "Viết đúng kiểu: số viết bằng chữ số (2018, 40), văn bản đặt trong ngoặc kép."),
    "KB113": (ERROR, "giá trị không hợp lệ",
              "Dùng một trong các giá trị được phép, hoặc đúng định dạng nêu trong thông báo."),
    "KB114": (ERROR, "id không khớp với tên tệp",
              "Đặt tên tệp là '<id>.md', hoặc sửa id cho khớp với tên tệp."),
    "KB115": (ERROR, "tệp rỗng", "Điền nội dung hồ sơ, hoặc xoá tệp."),
    "KB116": (ERROR, "tệp quá lớn (trên 1 MiB)", "Tách hồ sơ, bỏ nội dung không cần thiết; không đưa ảnh hay dữ liệu nhị phân vào hồ sơ."),
    "KB117": (ERROR, "tệp không được phép trong records/",
              "Trong records/ chỉ có tệp .md (và các danh mục .yml đã có); không dùng liên kết tượng trưng (symlink)."),
    "KB118": (ERROR, "ngày không hợp lệ",
              "Viết ngày theo dạng \"YYYY-MM-DD\" (ví dụ \"2019-01-22\"), là một ngày có thật và không ở tương lai."),
    "KB119": (ERROR, "thư mục không khớp với tỉnh",
              "Đặt tệp đơn vị trong records/units/<mã tỉnh>/ đúng với trường province."),
    "KB120": (ERROR, "tên tệp không phải là một mã hợp lệ",
              "Đặt tên tệp bằng chữ thường không dấu, chữ số và dấu '-' (ví dụ 'cau-ngang.md'); tên tệp là id "
              "và là địa chỉ trang."),
    "KB121": (ERROR, "hồ sơ nằm ngoài các thư mục đã biết",
              "Đặt hồ sơ trong records/units/<mã tỉnh>/, records/themes/ hoặc records/directives/."),
    "KB122": (ERROR, "số không dùng được (dạng mũ, quá lớn hoặc quá nhiều chữ số)",
              "Viết số bằng chữ số thường, không dùng dạng mũ (1e5, 1.0e-3), nhỏ hơn một triệu tỉ "
              "(1.000.000.000.000.000); nếu là một mã hay một dãy chữ số, đặt trong ngoặc kép."),
    "KB123": (ERROR, "dữ liệu lồng nhau quá sâu",
              "Hồ sơ chỉ có vài tầng (trường → danh sách → trường); bỏ các dấu ngoặc [ ] { } lồng nhau thừa."),
    "KB130": (WARNING, "giá trị được đánh dấu cần xem lại (# CẦN XEM LẠI)",
              "Đối chiếu giá trị ở dòng này với bài nguồn, sửa nếu cần, rồi xoá chú thích '# CẦN XEM LẠI: …'."),
    "KB131": (ERROR, "nguồn không có tiêu đề mà note không nói vì sao",
              "Ghi tiêu đề bài vào 'title'; nếu trang lưu lại không có tiêu đề, ghi trong 'note' của nguồn, ví dụ "
              "\"Trang lưu lại không có tiêu đề.\""),
    "KB132": (ERROR, "nguồn không có ngày đầy đủ mà không nói ngày, năm biết từ đâu",
              "Khi date chỉ có năm, tháng hoặc trống: ghi 'year_source' (text: bài ghi; url: địa chỉ bài; metadata: "
              "thông tin ngày của trang; inferred: suy ra từ nội dung; none: không rõ) và, khi date trống, 'year' "
              "(năm bài cho biết) — trừ khi year_source là none."),
    "KB133": (ERROR, "year của nguồn không khớp với date hoặc ở tương lai",
              "Sửa 'year' cho bằng năm của 'date', và không ghi năm chưa tới."),
    "KB134": (ERROR, "mô hình không có chủ thể mà không có ghi chú",
              "Ghi chủ thể vào 'owner' như bài viết; nếu bài không nêu, ghi 'note' cho mô hình, ví dụ "
              "\"Bài không nêu chủ thể của mô hình.\""),
    "KB140": (ERROR, "còn chỗ giữ chỗ của mẫu 'kb new'",
              "Thay chỗ ghi 'SỬA' bằng thông tin của bài nguồn (tiêu đề, ngày đăng, tóm tắt), rồi xoá chú thích "
              "'# SỬA' ở dòng đó."),
    "KB141": (WARNING, "giá trị có dấu ngoặc kép đóng mà không có dấu mở",
              "Thêm dấu \" ở đầu giá trị (title: \"mỗi tuần một bài học\"), hoặc bỏ dấu \" thừa ở cuối."),
    # KB2xx — references
    "KB201": (ERROR, "mã tỉnh không có trong danh mục", "Dùng mã tỉnh trong records/provinces.yml."),
    "KB202": (ERROR, "mã chuyên đề không có", "Dùng id của một tệp trong records/themes/."),
    "KB203": (ERROR, "mã văn bản không có", "Dùng id của một tệp trong records/directives/, hoặc thêm văn bản đó."),
    "KB204": (ERROR, "mã lĩnh vực hoặc chủ đề không có", "Dùng một mã trong records/topics.yml, hoặc đề xuất thêm mã mới."),
    "KB205": (ERROR, "mã đơn vị không có", "Dùng id của một đơn vị trong records/units/."),
    "KB206": (ERROR, "mã chỉ tiêu không có", "Dùng một mã trong records/indicators.yml."),
    "KB207": (ERROR, "mã nguồn không có trong sources của đơn vị",
              "Dùng id của một nguồn trong danh sách sources; khi đơn vị có nhiều nguồn, mỗi mục phải ghi source."),
    "KB208": (WARNING, "địa danh không phải quận, huyện của tỉnh này",
              "Kiểm tra chính tả của place và mã province (tỉnh tại thời điểm báo cáo); nếu huyện đã đổi tên hoặc "
              "sáp nhập trước năm 2025, có thể bỏ qua cảnh báo này."),
    # KB3xx — text and encoding
    "KB301": (ERROR, "tệp không phải UTF-8",
              "Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with Encoding → UTF-8), hoặc chạy "
              "'kb fix --legacy <tệp>' (Windows-1258, phông TCVN3/VNI) rồi đọc lại tệp."),
    "KB302": (ERROR, "chữ Việt bị lỗi phông (TCVN3/VNI dán vào)",
              "Chạy 'kb fix --legacy <tệp>' để chuyển sang Unicode rồi đọc lại các dòng được chuyển; hoặc chuyển "
              "bằng Unikey (Công cụ chuyển mã) rồi dán lại."),
    "KB303": (ERROR, "văn bản chưa ở dạng chuẩn NFC", "Chạy 'kb fix <tệp>' để chuẩn hoá tự động."),
    "KB304": (ERROR, "có ký tự thay thế '\ufffd' (chữ đã mất)",
              "Chép lại đoạn đó từ bài nguồn; không đoán chữ bị mất."),
    "KB305": (ERROR, "có ký tự điều khiển, nửa cặp surrogate hoặc mã không phải ký tự",
              "Xoá ký tự đó (thường do dán từ tệp nhị phân hay viết mã thoát \\x01, \\0, \\uFFFE, \\ud800 trong "
              "ngoặc kép); chữ ngoài bảng cơ bản (như emoji) thì viết thẳng chữ đó, không viết mã thoát."),
    # KB4xx — duplicates
    "KB401": (ERROR, "id bị trùng", "Đổi id của một trong hai hồ sơ (ví dụ thêm mã tỉnh: 'chau-thanh-tra-vinh')."),
    "KB402": (ERROR, "id trùng trong cùng một đơn vị", "Đặt 'id' riêng cho một trong hai mục."),
    "KB403": (WARNING, "một đơn vị ghi hai mô hình cùng tên — có thể trùng lặp",
              "Nếu là một mô hình, gộp hai mục làm một (giữ mọi chi tiết); nếu là hai mô hình khác nhau, ghi tên "
              "đầy đủ như bài để phân biệt."),
    "KB404": (ERROR, "id chỉ khác nhau ở chữ hoa/thường hoặc đ/d",
              "Đổi id của một trong hai hồ sơ cho khác hẳn; trên nhiều máy và trong địa chỉ trang, hai id "
              "này là một."),
    "KB405": (ERROR, "mã trùng với tên một trang của trang web",
              "Đặt mã khác: 'index' là trang mục lục của mỗi mục, 'trang-2', 'trang-3'… là các trang tiếp theo của "
              "một danh sách dài; hai trang không thể ở cùng một địa chỉ (ví dụ thêm một từ: 'index-chung', "
              "'trang-2-xa')."),
    # KB5xx — unsafe content
    "KB501": (ERROR, "có thẻ HTML nguy hiểm (script, iframe, ...)", "Xoá thẻ HTML; hồ sơ chỉ dùng markdown."),
    "KB502": (ERROR, "có thuộc tính sự kiện HTML (on...=)", "Xoá thuộc tính; hồ sơ chỉ dùng markdown."),
    "KB503": (ERROR, "liên kết javascript: hoặc data:", "Chỉ dùng liên kết http://, https:// hoặc mailto:."),
    "KB504": (WARNING, "có HTML trong hồ sơ", "Dùng markdown thay cho HTML; HTML sẽ bị lọc khi hiển thị."),
    "KB505": (ERROR, "địa chỉ (url) không dùng được",
              "Chép lại địa chỉ đầy đủ từ thanh địa chỉ của trình duyệt: bắt đầu bằng https:// (hoặc http://), "
              "có tên máy, không có dấu cách; địa chỉ bị từ chối sẽ không hiện trên trang."),
    "KB506": (ERROR, "tệp trong docs/ có thể chạy script trên trang web",
              "Trong docs/ chỉ để trang .md và ảnh PNG, JPEG, GIF, WebP, AVIF: xoá tệp, hoặc lưu hình thành PNG/WebP. "
              "SVG, HTML, JavaScript, XML được chép nguyên lên trang web và chạy script ở đó (kể cả đọc khoá GitHub "
              "của trình soạn web); trang .md không dùng <script>, <iframe>, thuộc tính on…= hay liên kết javascript:."),
}


class UnknownCode(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one place: `path:line:col: CODE message`."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise UnknownCode(f"mã lỗi chưa đăng ký: {self.code}")
        for name in ("path", "message", "hint"):  # contributor text, quoted: never a raw control in a terminal or log
            object.__setattr__(self, name, shown(getattr(self, name)))

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def _workflow_data(value: str) -> str:
    """GitHub workflow-command escaping of a message: '%', CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _workflow_property(value: str) -> str:
    """GitHub workflow-command escaping of a property value: also ':' and ','."""
    return _workflow_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(item: Diagnostic) -> str:
    """The diagnostic as a GitHub Actions annotation (`::error file=…,line=…::message`), escaped so
    that a file name or message cannot end the command or forge its properties."""
    level = "error" if item.is_error else "warning"
    properties = ",".join(f"{key}={_workflow_property(str(value))}" for key, value in (
        ("file", item.path), ("line", item.line), ("col", item.column), ("title", item.code)))
    message = f"{item.code} {item.message} — {item.hint}" if item.hint else f"{item.code} {item.message}"
    return f"::{level} {properties}::{_workflow_data(message)}"


def diagnostic(path: str, line: int, column: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    """Build a diagnostic whose hint defaults to the registry's remedy for the code."""
    return Diagnostic(path, line, column, code, message, CODES[code][2] if hint is None else hint)
