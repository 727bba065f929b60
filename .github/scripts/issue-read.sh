#!/usr/bin/env bash
# Bước 1 của .github/workflows/from-issue.yml, chạy KHÔNG có token ghi (job "read", quyền contents: read): đọc biểu
# mẫu bằng `kb from-issue` (bài báo thì `kb import` tải và đọc trang HTML lạ), kiểm tra hồ sơ, rồi để kết quả vào
# thư mục "$RUNNER_TEMP/bieu-mau" (artifact cho job "publish"): status, comment.md, written.txt và files/<đường dẫn>.
# Đầu vào chỉ qua biến môi trường: ISSUE_BODY (không tin cậy, chỉ được ghi ra tệp), ISSUE_NUMBER, ISSUE_FORM.
set -euo pipefail
case "$ISSUE_NUMBER" in ''|*[!0-9]*) echo "ISSUE_NUMBER không hợp lệ" >&2; exit 2 ;; esac
case "$ISSUE_FORM" in bai-bao|de-xuat) ;; *) echo "ISSUE_FORM không hợp lệ" >&2; exit 2 ;; esac

out="${RUNNER_TEMP:-/tmp}/bieu-mau"
work="${RUNNER_TEMP:-/tmp}/bieu-mau-doc-$ISSUE_NUMBER"
rm -rf "$out" "$work"
mkdir -p "$out/files" "$work"
printf '%s\n' "$ISSUE_BODY" > "$work/issue.md"

status=0
kb from-issue "$work/issue.md" --form "$ISSUE_FORM" --comment "$out/comment.md" > "$out/written.txt" || status=$?
if [ ! -s "$out/comment.md" ]; then  # kb stopped before it could answer: say so, never an empty comment
  printf 'Máy gặp lỗi khi đọc biểu mẫu này (không phải lỗi của bạn); người bảo trì sẽ xem nhật ký của workflow.\n' \
    > "$out/comment.md"
  status=2
fi
while IFS= read -r path; do
  case "$path" in records/*.md) ;; *) echo "đường dẫn lạ: $path" >&2; exit 2 ;; esac
  case "$path" in *..*) echo "đường dẫn lạ: $path" >&2; exit 2 ;; esac
  mkdir -p "$out/files/$(dirname -- "$path")"
  cp -- "$path" "$out/files/$path"
done < "$out/written.txt"
echo "$status" > "$out/status"
