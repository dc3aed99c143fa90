#!/usr/bin/env bash
# Install what the benchmark's peer stages need, and nothing the site or CI needs:
#   - Debian `hugo` (stage `hugo`; Debian 12 ships 0.111.3);
#   - mkdocs-rss-plugin into the venv given as $1 (stage `material-blog`), via the
#     project's `bench` extra.
# Usage: bench/deps.sh [VENV]   (default: .venv of the repository)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$root/.venv}"
if ! command -v hugo >/dev/null; then
  if command -v apt-get >/dev/null; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends hugo >/dev/null
  else
    echo "hugo is missing (not Debian/Ubuntu: install Hugo 0.111 or later by other means)." >&2
  fi
fi
if [ -x "$venv/bin/pip" ]; then
  "$venv/bin/pip" install -q -e "$root[bench]"
else
  echo "no venv at $venv: pip install -e '.[bench]' into the venv that runs bench/run.py" >&2
fi
command -v hugo >/dev/null && hugo version
