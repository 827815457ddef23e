#!/usr/bin/env bash
# Server render time of the owner's web app (issue 13: p99 < 30 ms at 100 requests/s): a fresh `floworx serve` with the
# demo data, signed in as the demo owner, GET inbox / one email / analytics / rules (and one rule's editor) at a fixed
# rate, open loop, p50 / p99 per page from the moment each request was due.
# Usage: scripts/bench/web.sh [--rate 100] [--seconds 30]   (figures in docs/performance.md, details in bench-out/)
# BENCH_BIN=<folder> uses an already built floworx (e.g. .build/debug) instead of building the release one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
command -v initdb >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [[ -z "${BENCH_BIN:-}" ]]; then
    swift build -c release --product floworx
    BENCH_BIN="$(swift build -c release --show-bin-path)"
fi
python3 scripts/bench/web_bench.py --bin "$BENCH_BIN" "$@"
