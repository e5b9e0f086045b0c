#!/usr/bin/env bash
# Print the path of a Chromium for the browser tests, installing one if none is there:
# one already on the machine, else Debian's package when running as root, else Playwright's download.
set -euo pipefail
cd "$(dirname "$0")/.."
for candidate in "${SMOTE_LAB_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing Debian's chromium for the browser tests" >&2
  # quiet unless it fails: apt's output goes to a log, whose end is shown on failure
  log=$(mktemp)
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$log" 2>&1; then
    echo "setup: installing chromium failed; the end of apt's output:" >&2
    tail -n 40 "$log" >&2
  fi
  rm -f "$log"
  [ -x /usr/bin/chromium ] && { echo /usr/bin/chromium; exit 0; }
fi
echo "setup: downloading Playwright's Chromium" >&2
.venv/bin/python -m playwright install chromium >&2
echo ""   # empty: Playwright finds its own browser
