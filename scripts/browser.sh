#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/browser/): Playwright drives /usr/bin/chromium
# through executable_path, since its own browser download cannot be fetched here. Idempotent:
# does nothing when /usr/bin/chromium is there; otherwise `apt-get update` once and installs
# the `chromium` package (with sudo when not root).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
command -v apt-get >/dev/null || {
    echo "browser.sh: $CHROMIUM is missing and there is no apt-get: install Chromium so that" \
        "$CHROMIUM runs it" >&2
    exit 1
}
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "browser.sh: not root and no sudo" >&2; exit 1; }
    sudo=(sudo)
fi
# wait for another apt-get (another install on the same machine) instead of failing at once
lock=(-o DPkg::Lock::Timeout=600)
echo "browser.sh: installing Debian's chromium with apt-get (once)"
"${sudo[@]}" apt-get "${lock[@]}" update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq \
    --no-install-recommends chromium >/dev/null
[ -x "$CHROMIUM" ] || { echo "browser.sh: apt-get installed no $CHROMIUM" >&2; exit 1; }
"$CHROMIUM" --version
