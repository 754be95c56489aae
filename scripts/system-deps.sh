#!/usr/bin/env bash
# What the test suite needs from Debian, installed when missing: Chromium for
# the browser tests (Playwright cannot download its own browser here), Pango
# for WeasyPrint's PDFs, Times-metric fonts for the papers, gettext for the
# translations. Called by `make test` and by .ci/run (which adds PostgreSQL).
#
#   scripts/system-deps.sh [extra Debian packages...]
#
# As root it installs with apt-get; otherwise it stops at once and prints
# the exact line to run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
chromium="${PTDV_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || missing+=(chromium)
command -v msgfmt >/dev/null || missing+=(gettext)
# grep reads the whole listing (no -q): with pipefail, a grep that quits at
# the first match kills the lister with SIGPIPE and the check reads "missing".
fc-list 2>/dev/null | grep -i "Liberation Serif" >/dev/null || missing+=(fonts-liberation2)
ldconfig -p 2>/dev/null | grep "libpangoft2-1.0" >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
for extra in "$@"; do
  case "$extra" in
    postgresql) command -v pg_ctlcluster >/dev/null || missing+=(postgresql) ;;
    *) dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra") ;;
  esac
done
((${#missing[@]})) || exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Thiếu gói hệ thống cho bộ kiểm thử: ${missing[*]}" >&2
  echo "Missing system packages for the tests. Run, as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "== installing: ${missing[*]}"
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
