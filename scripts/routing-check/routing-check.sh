#!/usr/bin/env bash
# The Citus routing check (issue 14, item 7; docs/scaling.md, "The routing test"): runs the server and web test
# suites against a cluster with pg_stat_statements, then judges every statement they executed as the `authenticated`
# role (routing_check.py). Exits 1 if a tenant-scoped statement could not be routed by client_id and is not among the
# known exceptions (exceptions.json, each with its reason), or if a known exception has become routable.
# Usage: scripts/routing-check/routing-check.sh [BIN_DIR]   (default .build/debug, after `swift build --build-tests`)
# The test bundle runs directly (not through `swift test`), so the check does not wait on SwiftPM's lock of .build.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-.build/debug}"
bin="$(cd "$bin" && pwd)"
tests="$(ls -d "$bin"/*PackageTests.xctest | head -1)"
work="$(mktemp -d /tmp/floworx-routing.XXXXXX)"
chmod 755 "$work"
start() {
  DATABASE_URL= "$bin/floworx" db start --data-dir "$work/pg" --log-level warning > "$work/url" 2> "$work/db.log" &
  echo $! > "$work/pid"
  for _ in $(seq 1 120); do
    [ -s "$work/url" ] && return 0
    sleep 0.5
  done
  echo "the cluster did not start:" >&2; cat "$work/db.log" >&2; exit 1
}
stop() { kill -INT "$(cat "$work/pid")" 2>/dev/null || true; wait "$(cat "$work/pid")" 2>/dev/null || true; }
trap 'stop; rm -rf "$work"' EXIT
start
url="$(head -1 "$work/url")"
psql "$url" -X -q -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
stop; : > "$work/url"; start
url="$(head -1 "$work/url")"
# Known only once the library is loaded; the suites issue a few thousand statement shapes (the default keeps 5,000).
psql "$url" -X -q -c "ALTER SYSTEM SET pg_stat_statements.max = 20000"
stop; : > "$work/url"; start
url="$(head -1 "$work/url")"
psql "$url" -X -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
started=$(date +%s)
# Failures of the suites themselves are the test run's business (`swift test` reports them); this check judges the
# statements they issued.
FLOWORX_TEST_DATABASE_URL="$url" "$tests" --testing-library swift-testing --filter 'FloWorxServerTests|FloWorxWebTests' \
  > "$work/tests.log" 2>&1 || echo "routing check: some tests failed (see swift test); judging the statements issued" >&2
echo "routing check: the server and web suites ran in $(( $(date +%s) - started )) s" >&2
python3 scripts/routing-check/routing_check.py --url "$url" "${@:2}"
