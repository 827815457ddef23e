#!/usr/bin/env bash
# Soak test (issue 8): 30 minutes of mixed load - REST reads and writes, ingestion, sign-ins, token refresh and
# hostile requests, plus slowloris sockets - against a fresh `floworx serve` (embedded PostgreSQL in a temporary
# directory, workers on). Samples server RSS and PostgreSQL PSS every 15 s, then checks: the server never exited,
# 0 5xx, hostile requests got 4xx, every accepted email reached a final state, memory flat after warm-up.
#
# Usage: scripts/soak/run.sh SERVER_BINARY [soak.py options...]
#   e.g. scripts/soak/run.sh .build/release/floworx                # the 30-minute soak
#        scripts/soak/run.sh .build/debug/floworx --minutes 2      # a quick try
# Builds nothing: pass a release build for the real soak. Python 3.11+ standard library only; needs psql.
# Results: bench-out/soak-<timestamp>/ (samples.csv, summary.json, server.log). Exits 1 when a criterion fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 1 ]]; then
    echo "usage: $0 SERVER_BINARY [--minutes N] [--tenants N] [--rate R] [...]  (see: python3 $here/soak.py --help)" >&2
    exit 2
fi
binary="$1"
shift
[[ "$binary" == /* ]] || binary="$PWD/$binary"
if [[ ! -x "$binary" ]]; then
    echo "$binary is not an executable file" >&2
    exit 2
fi
command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 2; }
exec python3 "$here/soak.py" --bin "$binary" "$@"
