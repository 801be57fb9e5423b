#!/usr/bin/env bash
# The browser tests (test/e2e/browser.e2e.test.ts, examples.e2e.test.ts) drive Debian's chromium at /usr/bin/chromium
# with playwright-core. `npm test` and `npm run test:e2e` run this first: it returns at once when Chromium is there,
# installs it when it can (apt-get as root, or with sudo), and otherwise stops at once with the one command to run.
# Safe to run again. ECA_CHROMIUM names another path to check (the tests' own checks use it too).
set -euo pipefail
CHROMIUM="${ECA_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
missing() {
  echo "ensure-chromium: the browser tests need Chromium at $CHROMIUM, and it is missing." >&2
  echo "Run this, then run the tests again:" >&2
  echo "  $1" >&2
  exit 1
}
if ! command -v apt-get >/dev/null 2>&1; then
  missing "install Chromium with your system's package manager so that $CHROMIUM exists"
fi
SUDO=""
if [ "$EUID" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    missing "su -c 'apt-get update && apt-get install -y chromium'"
  fi
  # sudo without a password, or with one typed at a terminal; never a prompt nobody sees (CI).
  if ! sudo -n true 2>/dev/null && ! [ -t 0 ]; then
    missing "sudo bash scripts/ensure-chromium.sh"
  fi
  SUDO="sudo"
fi
echo "ensure-chromium: installing Debian's chromium for the browser tests (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
test -x "$CHROMIUM" || missing "sudo apt-get install -y chromium"
