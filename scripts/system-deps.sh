#!/usr/bin/env bash
# Install the Debian packages the tests need, when they are missing and we may install.
set -euo pipefail
# openjdk-17-jre-headless: the Nu Html Checker (vnu.jar from npm vnu-jar, tests/test_validators.py)
# nginx and rsync: tests/test_deploy.py serves the site with deploy/nginx.conf and runs
# scripts/deploy.sh (nginx is started by the test itself, never as a service it needs).
packages=(chromium fonts-noto-core fonts-dejavu-core poppler-utils openjdk-17-jre-headless nginx rsync)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Thiếu gói hệ thống: ${missing[*]} (cần Debian/Ubuntu, hoặc cài tương đương)." >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Cài gói hệ thống: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
