#!/usr/bin/env bash
# Issue 14, deliverable 4: FloWorx behind a real PgBouncer (Debian's package, 1.18) in transaction mode.
#
#   1. PgBouncer installed from the Debian package when missing;
#   2. the API check (scripts/api-check/run.sh: the official Supabase client, schemathesis, the dump and log checks,
#      a clean SIGINT stop) with `floworx serve` pooling through PgBouncer;
#   3. the pipeline crash test (scripts/crash/crash_test.py: workers SIGKILLed while 10,000 messages flow) with the
#      server and every worker pooling through PgBouncer;
#   4. PgBouncer's own counters: the transactions did go through it.
#
# Both checks run unchanged: scripts/pgbouncer-check/floworx-via-pgbouncer stands in for the binary and puts PgBouncer
# between each server and its cluster (FLOWORX_DATABASE_POOL_URL, FLOWORX_DATABASE_POOLER=transaction).
# Usage: scripts/pgbouncer-check/pgbouncer-check.sh [BIN_DIR (default .build/debug)]
# Environment: PGBOUNCER_CHECK_MESSAGES (default 10000), PGBOUNCER_CHECK_KILLS (default 5), as the direct crash test in .ci/run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
source "$here/pgbouncer.sh"
bin_dir="$(readlink -f "${1:-.build/debug}")"
[[ -x "$bin_dir/floworx" ]] || { echo "no floworx binary in $bin_dir" >&2; exit 2; }
ensure_pgbouncer || { echo "pgbouncer could not be installed" >&2; exit 1; }
echo "pgbouncer: $("$(pgbouncer_bin)" --version 2>&1 | head -n1)"

work="$(mktemp -d "${TMPDIR:-/tmp}/floworx-pgbouncer-check.XXXXXX")"
chmod 755 "$work"
mkdir -p "$work/bin"
ln -s "$here/floworx-via-pgbouncer" "$work/bin/floworx"
export FLOWORX_REAL="$bin_dir/floworx" PGBOUNCER_CHECK_STATE="$work"
failed=()

echo "=== API check through PgBouncer"
scripts/api-check/run.sh "$work/bin/floworx" || failed+=("api-check")

echo "=== pipeline crash test through PgBouncer"
python3 scripts/crash/crash_test.py --bin "$work/bin" --messages "${PGBOUNCER_CHECK_MESSAGES:-10000}" --kills "${PGBOUNCER_CHECK_KILLS:-5}" \
    || failed+=("crash-test")

echo "=== PgBouncer's counters (database floworx: transactions, queries per serve)"
cat "$work/pgbouncer-stats.txt" 2>/dev/null || true
runs="$(wc -l <"$work/pgbouncer-stats.txt" 2>/dev/null || echo 0)"
idle="$(awk '$2 + 0 < 100' "$work/pgbouncer-stats.txt" 2>/dev/null | wc -l)"
if [[ "$runs" -lt 2 || "$idle" -gt 0 ]]; then
    echo "FAIL  every serve ran its transactions through PgBouncer ($runs runs, $idle with fewer than 100 transactions)"
    failed+=("pgbouncer-traffic")
else
    echo "PASS  every serve ran its transactions through PgBouncer ($runs runs)"
fi

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "pgbouncer-check FAILED: ${failed[*]} (work directory $work)"
    exit 1
fi
rm -rf "$work"
echo "pgbouncer-check passed"
