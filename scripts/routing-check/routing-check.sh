#!/usr/bin/env bash
# The Citus routing check (issue 14, item 7; docs/scaling.md): runs the server and web test suites against a
# cluster with pg_stat_statements, then judges every statement they executed as the `authenticated` role
# (routing_check.py). Exits 1 while any tenant-scoped statement could not be routed by client_id — which is
# today's state (docs/scaling.md, "What has to change in the SQL"), so this is not yet part of .ci/run.
# Usage: scripts/routing-check/routing-check.sh   (needs `swift build --build-tests` done)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(swift build --show-bin-path)"
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
psql "$url" -X -q -c "ALTER SYSTEM SET pg_stat_statements.max = 20000"
stop; : > "$work/url"; start
url="$(head -1 "$work/url")"
psql "$url" -X -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
# Failures of the suites themselves are the test run's business; this check judges the statements they issued.
FLOWORX_TEST_DATABASE_URL="$url" swift test --skip-build --filter 'FloWorxServerTests|FloWorxWebTests' > "$work/tests.log" 2>&1 \
  || echo "routing check: some suites failed (see the test run); judging the statements issued" >&2
python3 scripts/routing-check/routing_check.py --url "$url" "$@"
