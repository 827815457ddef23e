#!/usr/bin/env bash
# Realtime fan-out (issue 12): 1,000 WebSocket subscribers across 100 tenants, 200 writes/s for 2 minutes (pgbench
# inserting email_logs rows of random tenants): p50/p99 from commit to delivery, deliveries to the wrong tenant
# (must be 0), deliveries missing, server RSS.
# Usage: scripts/bench/realtime.sh [--tenants 100] [--subscribers 1000] [--rate 200] [--seconds 120]
#        (a shorter --seconds for a trial run; figures in docs/performance.md, details in bench-out/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
command -v pgbench >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
source scripts/lib/venv.sh
venv="scripts/bench/.build-realtime-venv"
ensure_venv "$venv" scripts/bench/realtime-requirements.txt
if [[ -z "${FLOWORX_BIN:-}" ]]; then
    swift build -c release --product floworx
    FLOWORX_BIN="$(swift build -c release --show-bin-path)/floworx"
fi
"$venv/bin/python" scripts/bench/realtime_bench.py --floworx "$FLOWORX_BIN" "$@"
