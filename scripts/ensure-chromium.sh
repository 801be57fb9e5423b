#!/usr/bin/env bash
# The browser test (test/e2e/browser.e2e.test.ts) drives Debian's chromium at /usr/bin/chromium with playwright-core.
# Install it when it is missing (needs root or sudo, and apt-get: Debian or Ubuntu). Safe to run again.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install Chromium by hand." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
test -x /usr/bin/chromium
