#!/usr/bin/env bash
# `make deploy`: publish a built site to DEPLOY_TARGET with rsync (README: "Triển khai lên máy chủ
# của đơn vị"). DEPLOY_TARGET is a folder, on this machine or `user@host:/path` over SSH.
#
#   DEPLOY_TARGET=user@host:/var/www/guong bash scripts/deploy.sh site
#   bash scripts/deploy.sh --check          # only: is DEPLOY_TARGET set?
#
# On the server:  <target>/releases/<UTC time>/   one folder per deploy, complete
#                 <target>/current -> releases/…  nginx's root (deploy/nginx.conf)
# The new release is uploaded next to the live one (files unchanged since the previous
# release are hard links to it: no upload, no extra disk, same ETag), then `current` is
# switched in one step: rsync writes the new link under a temporary name and renames it over
# the old one, so readers see the old site or the new one, never a half-copied mix. The
# newest DEPLOY_KEEP releases (default 5) are kept for going back; older ones are removed.
# Only rsync is needed on the server (no shell commands are run there).
set -euo pipefail

target=${DEPLOY_TARGET:-}
keep=${DEPLOY_KEEP:-5}
if [ -z "$target" ]; then
  cat >&2 <<'EOF'
Chưa đặt DEPLOY_TARGET: không biết đưa trang lên đâu, chưa làm gì cả.
Ghi thư mục web trên máy chủ của đơn vị, ví dụ:
  make deploy DEPLOY_TARGET=nguoidung@may-chu.example.gov.vn:/var/www/guong
(hoặc một thư mục trên máy này). Xem README, mục "Triển khai lên máy chủ của đơn vị".
EOF
  exit 2
fi
[ "${1:-}" = "--check" ] && exit 0

site=${1:-site}
site=${site%/}
if [ ! -f "$site/index.html" ] || [ ! -f "$site/404.html" ]; then
  echo "Không thấy trang đã dựng trong '$site/' (thiếu index.html hoặc 404.html): chạy 'make build' trước, hoặc dùng 'make deploy'." >&2
  exit 2
fi
if ! command -v rsync >/dev/null; then
  echo "Chưa cài rsync (Debian/Ubuntu: apt install rsync); máy chủ cũng cần rsync." >&2
  exit 2
fi
case "$keep" in '' | *[!0-9]* | 0) echo "DEPLOY_KEEP phải là số nguyên dương (số bản phát hành giữ lại), không phải '$keep'." >&2; exit 2 ;; esac
target=${target%/}

fail() {
  echo "$1 Trang đang chạy trên máy chủ không thay đổi. Xem lỗi của rsync/ssh ở trên." >&2
  exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tree/releases" "$tmp/empty" "$tmp/link"

# The folders (one level under an existing parent, as rsync does), then the releases there.
rsync -r "$tmp/tree/" "$target/" || fail "Không tạo được thư mục $target/releases/ (thư mục cha phải có sẵn và ghi được)."
listing=$(rsync --list-only "$target/releases/") || fail "Không đọc được $target/releases/."
existing=$(printf '%s\n' "$listing" | awk '$1 ~ /^d/ && $NF != "." { print $NF }' | LC_ALL=C sort)
# The live release (what `current` points to): the base for hard links, and never pruned.
live=$(rsync -l --list-only "$target/current" 2>/dev/null | sed -n 's#.* -> releases/\([^/]*\)/*$#\1#p' || true)
previous=${live:-$(printf '%s\n' "$existing" | tail -n 1)}
name=$(date -u +%Y%m%dT%H%M%SZ)
n=1
base=$name
while printf '%s\n' "$existing" | grep -qx -- "$name"; do
  n=$((n + 1))
  name="$base-$n"
done

echo "Đang tải bản phát hành $name lên $target/releases/ ..."
# -c: compare by content (every build rewrites every file); no -t: an unchanged file keeps the
# previous release's copy (hard link) and its time, so browsers get 304 for it.
rsync -rlpcz --delete --chmod=D755,F644 ${previous:+--link-dest="../$previous"} \
  "$site/" "$target/releases/$name/" || fail "Tải lên chưa xong (bản dở $name sẽ bị xóa dần như bản cũ)."

ln -s "releases/$name" "$tmp/link/current"
rsync -l "$tmp/link/current" "$target/" || fail "Chưa chuyển được liên kết current sang bản $name."
echo "Đã chuyển trang sang bản $name ($target/current)."

# Prune: name each release to remove; --delete removes only what the filters include.
old=$( (printf '%s\n' "$existing"; echo "$name") | grep -v '^$' | LC_ALL=C sort | head -n "-$keep" | grep -vx -- "${live:-}" || true)
if [ -n "$old" ]; then
  filters=()
  while IFS= read -r r; do filters+=(--include="/$r/"); done <<<"$old"
  rsync -r --delete "${filters[@]}" --exclude='/*' "$tmp/empty/" "$target/releases/"
  echo "Đã xóa $(printf '%s\n' "$old" | wc -l | tr -d ' ') bản cũ; giữ $keep bản gần nhất."
fi
if [ -n "${live:-}" ]; then
  echo "Quay lại bản trước, trên máy chủ, trong thư mục ${target#*:}: ln -sfn releases/$live current.moi && mv -T current.moi current"
fi
