#!/usr/bin/env bash
# Crash test of notification delivery (issue 11): 1,000 pending notifications, 3 worker processes delivering to a real
# SMTP server (aiosmtpd), 5 random SIGKILLs; every notification delivered, duplicates only with the same Message-ID and
# at most one per kill. Usage: scripts/notify-crash.sh [--notifications 1000] [--kills 5] [--seed N]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
source scripts/lib/venv.sh
venv="scripts/notify-check/.build-smtp-venv"
ensure_venv "$venv" scripts/notify-check/smtp-requirements.txt
swift build -c release --product floworx
python3 scripts/notify-crash/notify_crash_test.py --bin "$(swift build -c release --show-bin-path)" --python "$venv/bin/python" "$@"
