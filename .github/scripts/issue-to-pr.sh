#!/usr/bin/env bash
# Gọi từ .github/workflows/from-issue.yml. Đầu vào chỉ qua biến môi trường: ISSUE_BODY (không tin cậy,
# chỉ được ghi ra tệp), ISSUE_NUMBER, ISSUE_FORM (bai-bao | de-xuat), GH_TOKEN, GITHUB_REPOSITORY.
set -euo pipefail
case "$ISSUE_NUMBER" in ''|*[!0-9]*) echo "ISSUE_NUMBER không hợp lệ" >&2; exit 2 ;; esac
case "$ISSUE_FORM" in bai-bao|de-xuat) ;; *) echo "ISSUE_FORM không hợp lệ" >&2; exit 2 ;; esac

work="${RUNNER_TEMP:-/tmp}/bieu-mau-$ISSUE_NUMBER"
mkdir -p "$work"
printf '%s\n' "$ISSUE_BODY" > "$work/issue.md"
branch="bieu-mau/issue-$ISSUE_NUMBER"

status=0
kb from-issue "$work/issue.md" --form "$ISSUE_FORM" --comment "$work/comment.md" > "$work/written.txt" || status=$?

if [ "$status" -eq 0 ] && [ -s "$work/written.txt" ]; then
  git config user.name "github-actions[bot]"
  git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
  git switch -C "$branch"
  while IFS= read -r path; do
    case "$path" in records/*.md) ;; *) echo "đường dẫn lạ: $path" >&2; exit 2 ;; esac
    case "$path" in *..*) echo "đường dẫn lạ: $path" >&2; exit 2 ;; esac
    git add -- "$path"
  done < "$work/written.txt"
  git commit -q -m "Hồ sơ từ biểu mẫu (issue #$ISSUE_NUMBER)"
  # Token chỉ đưa vào lệnh push, không lưu trong .git/config.
  auth=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)
  git -c "http.https://github.com/.extraheader=AUTHORIZATION: basic $auth" \
    push --force "https://github.com/$GITHUB_REPOSITORY.git" "HEAD:refs/heads/$branch"
  {
    echo "Hồ sơ tạo tự động từ issue #$ISSUE_NUMBER (biểu mẫu $ISSUE_FORM). Closes #$ISSUE_NUMBER"
    echo
    echo "Người biên tập: đối chiếu từng mục với bài nguồn trước khi nhận."
    echo
    cat "$work/comment.md"
  } > "$work/pr.md"
  pr=$(gh pr list --head "$branch" --state open --json url --jq '.[0].url')
  if [ -n "$pr" ]; then
    gh pr edit "$pr" --body-file "$work/pr.md" >/dev/null
  else
    pr=$(gh pr create --head "$branch" \
      --title "Hồ sơ từ biểu mẫu: issue #$ISSUE_NUMBER" --body-file "$work/pr.md")
  fi
  printf '\nPull request: %s\n' "$pr" >> "$work/comment.md"
  # GitHub không tự chạy workflow cho pull request mở bằng token của workflow; workflow_dispatch thì được:
  # kiểm tra của pull request chạy trên nhánh này và hiện trong tab Checks (xem CONTRIBUTING.md, người quản trị).
  gh workflow run pull-request.yml --ref "$branch" || echo "không chạy được pull-request.yml trên $branch" >&2
fi

gh issue comment "$ISSUE_NUMBER" --edit-last --create-if-none --body-file "$work/comment.md"
# 1: biểu mẫu cần sửa (đã trả lời trên issue) — không phải lỗi của workflow.
[ "$status" -eq 1 ] && exit 0
exit "$status"
