#!/usr/bin/env bash
# Installs the Debian packages the browser, queue and terminal tests need, where missing: chromium (headless browser
# for the report test), redis-server (the queue's engine) and tmux (a real pseudo-terminal for the Ctrl-C tests).
# Needs root (or sudo) and apt; does nothing when all three are there.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]} from Debian's packages" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
