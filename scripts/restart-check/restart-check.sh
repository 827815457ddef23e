#!/usr/bin/env bash
# Issue 14, deliverable 5: PostgreSQL stopped for 10 s under load and started again (scripts/restart-check/restart_check.py):
# 503 with the stable code while it is down, bounded latency, unaided recovery, every email processed exactly once,
# SIGTERM drains. Prints the figures (seconds of 503 after the database returns) for docs/performance.md.
# Usage: scripts/restart-check/restart-check.sh [BIN_DIR (default .build/debug)] [restart_check.py options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
bin_dir="${1:-.build/debug}"
shift || true
export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
python3 "$here/restart_check.py" --bin "$bin_dir" "$@"
