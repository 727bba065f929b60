#!/usr/bin/env bash
# Bước 2 của .github/workflows/from-issue.yml (job "publish", có token ghi): không chạy kb, không đọc HTML, chỉ lấy
# kết quả của bước đọc ("$RUNNER_TEMP/bieu-mau", là dữ liệu không tin cậy: đường dẫn được kiểm lại) để đẩy nhánh
# bieu-mau/issue-<số>, mở pull request và trả lời trên issue. Máy không bao giờ ghi đè commit không phải của nó:
# nhánh đã có commit của người khác (người biên tập sửa trên pull request) thì bản sửa issue không được đưa vào, và
# máy nói vậy trên issue; khi cập nhật, `git push --force-with-lease` chỉ thay đúng commit cuối mà máy vừa thấy.
# Biến môi trường: ISSUE_NUMBER, ISSUE_FORM, GH_TOKEN, GITHUB_REPOSITORY.
set -euo pipefail
case "$ISSUE_NUMBER" in ''|*[!0-9]*) echo "ISSUE_NUMBER không hợp lệ" >&2; exit 2 ;; esac
case "$ISSUE_FORM" in bai-bao|de-xuat) ;; *) echo "ISSUE_FORM không hợp lệ" >&2; exit 2 ;; esac

in="${RUNNER_TEMP:-/tmp}/bieu-mau"
comment="${RUNNER_TEMP:-/tmp}/bieu-mau-tra-loi-$ISSUE_NUMBER.md"
status=$(head -c 3 "$in/status" 2>/dev/null || true)
case "$status" in 0|1|2) ;; *) status=2 ;; esac
if [ -s "$in/comment.md" ]; then cp -- "$in/comment.md" "$comment"; else
  printf 'Máy gặp lỗi khi đọc biểu mẫu này; người bảo trì sẽ xem nhật ký của workflow.\n' > "$comment"; status=2
fi
branch="bieu-mau/issue-$ISSUE_NUMBER"
bot="41898282+github-actions[bot]@users.noreply.github.com"
remote_url="https://github.com/$GITHUB_REPOSITORY.git"
# Token chỉ đưa vào từng lệnh git cần nó, không lưu trong .git/config.
auth=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)
authed() { git -c "http.https://github.com/.extraheader=AUTHORIZATION: basic $auth" "$@"; }

paths=()
if [ "$status" -eq 0 ] && [ -s "$in/written.txt" ]; then
  mapfile -t paths < "$in/written.txt"
fi
for path in "${paths[@]}"; do  # every path checked before anything is pushed
  case "$path" in records/*.md) ;; *) echo "đường dẫn lạ: $path" >&2; exit 2 ;; esac
  case "$path" in *..*|*//*|-*) echo "đường dẫn lạ: $path" >&2; exit 2 ;; esac
  [ -f "$in/files/$path" ] && [ ! -L "$in/files/$path" ] || { echo "thiếu tệp: $path" >&2; exit 2; }
done

if [ "${#paths[@]}" -gt 0 ]; then
  previous=$(authed ls-remote "$remote_url" "refs/heads/$branch" | cut -f1)
  foreign=""
  if [ -n "$previous" ]; then
    authed fetch -q "$remote_url" "refs/heads/$branch"
    foreign=$(git log --format='%ae%n%ce' "HEAD..$previous" | grep -v -x -F -e "$bot" | head -n 1 || true)
  fi
  if [ -n "$foreign" ]; then
    printf '\nPull request của issue này đã có commit của người khác (người biên tập), nên máy **không** ghi đè: bản sửa issue vừa rồi chưa được đưa vào. Xin ghi điều cần đổi thành bình luận trên pull request (nhánh `%s`).\n' \
      "$branch" >> "$comment"
  else
    git config user.name "github-actions[bot]"
    git config user.email "$bot"
    git switch -q -C "$branch"
    for path in "${paths[@]}"; do
      mkdir -p -- "$(dirname -- "$path")"
      cp -P -- "$in/files/$path" "$path"
      git add -- "$path"
    done
    git commit -q -m "Hồ sơ từ biểu mẫu (issue #$ISSUE_NUMBER)"
    # thay nhánh chỉ khi nó vẫn đúng là commit vừa kiểm (rỗng: nhánh phải chưa có)
    authed push -q --force-with-lease="refs/heads/$branch:$previous" "$remote_url" "HEAD:refs/heads/$branch"
    pr=$(gh pr list --head "$branch" --state open --json url --jq '.[0].url')
    if [ -n "$pr" ]; then
      # the body a maintainer may have edited stays; what changed is said in a comment, so a review is redone
      {
        echo "Người gửi đã sửa issue #$ISSUE_NUMBER: máy thay nội dung của nhánh \`$branch\` bằng bản đọc lại"
        echo "(commit $(git rev-parse --short HEAD)). Người biên tập xem lại từ đầu những gì đã duyệt."
        echo
        cat "$comment"
      } > "$comment.pr"
      gh pr comment "$pr" --body-file "$comment.pr" >/dev/null
      printf '\nMáy đã cập nhật pull request theo bản sửa của issue: %s\n' "$pr" >> "$comment"
    else
      {
        echo "Hồ sơ tạo tự động từ issue #$ISSUE_NUMBER (biểu mẫu $ISSUE_FORM). Closes #$ISSUE_NUMBER"
        echo
        echo "Người biên tập: đối chiếu từng mục với bài nguồn trước khi nhận."
        echo
        cat "$comment"
      } > "$comment.pr"
      pr=$(gh pr create --head "$branch" --title "Hồ sơ từ biểu mẫu: issue #$ISSUE_NUMBER" --body-file "$comment.pr")
      printf '\nMáy đã mở pull request: %s\n' "$pr" >> "$comment"
    fi
  fi
fi

gh issue comment "$ISSUE_NUMBER" --edit-last --create-if-none --body-file "$comment"
# 1: biểu mẫu cần sửa (đã trả lời trên issue) — không phải lỗi của workflow.
[ "$status" -eq 1 ] && exit 0
exit "$status"
