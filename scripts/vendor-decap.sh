#!/usr/bin/env bash
# Vendor Decap CMS (MIT) into plugins/guong/assets/admin/decap/ so /admin/ loads it from the
# site itself: no CDN, no third-party request. Pinned version, checked against the npm
# registry's sha512 integrity; source maps and the duplicate cms.js build are left out.
set -euo pipefail
VERSION=3.16.3
INTEGRITY="sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
cd "$(dirname "$0")/.."
DEST=plugins/guong/assets/admin/decap
if [ -f "$DEST/VERSION" ] && [ "$(cat "$DEST/VERSION")" = "$VERSION" ]; then exit 0; fi
if ! command -v npm >/dev/null; then
  # A machine with only Python still builds and serves the site, without /admin/.
  echo "Không có npm (Node.js): bỏ qua Decap CMS, trang /admin/ sẽ không được tạo." >&2
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
npm pack "decap-cms@$VERSION" --pack-destination "$TMP" --silent >/dev/null
TGZ="$TMP/decap-cms-$VERSION.tgz"
ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TGZ" | base64 -w0)"
if [ "$ACTUAL" != "$INTEGRITY" ]; then
  echo "decap-cms-$VERSION.tgz: mã kiểm tra không khớp ($ACTUAL)" >&2; exit 1
fi
tar -xzf "$TGZ" -C "$TMP"
rm -rf "$DEST" && mkdir -p "$DEST"
cp "$TMP"/package/dist/*decap-cms.js "$TMP"/package/dist/*.wasm "$DEST"/
cp "$TMP"/package/dist/decap-cms.js.LICENSE.txt "$DEST"/
cp "$TMP"/package/package.json "$DEST"/package.json
echo "$VERSION" > "$DEST/VERSION"
echo "Decap CMS $VERSION -> $DEST ($(du -sh "$DEST" | cut -f1))"
