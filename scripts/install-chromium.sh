#!/usr/bin/env bash
# Installs Debian's Chromium for the report test (harness/report/report.e2e.test.ts), which drives
# it with playwright-core. Debian's package, not `npx playwright install`: the browser download
# host is not reachable from CI machines, Debian's mirror is. Idempotent; needs root (or sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends chromium
/usr/bin/chromium --version
