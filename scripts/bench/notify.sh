#!/usr/bin/env bash
# Escalation alert latency (issue 11): emergencies at 50/s for 5 minutes, POST /api/v1/emails → the alert accepted by a
# real SMTP server (aiosmtpd), with POST → processed (the pipeline alone) measured for the same emails as the peer.
# Usage: scripts/bench/notify.sh [--rate 50] [--seconds 300]   (figures in docs/performance.md, details in bench-out/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
command -v psql >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
source scripts/lib/venv.sh
venv="scripts/notify-check/.build-smtp-venv"
ensure_venv "$venv" scripts/notify-check/smtp-requirements.txt
swift build -c release --product floworx
python3 scripts/bench/notify_bench.py --bin "$(swift build -c release --show-bin-path)" --python "$venv/bin/python" "$@"
