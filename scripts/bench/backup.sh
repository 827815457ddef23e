#!/usr/bin/env bash
# Backup and restore times (issue 14): N emails (default 100,000, ~1.4 KB bodies that differ per email, so the dump does not compress them away) in the embedded cluster;
# `floworx backup`, `floworx backup verify` and `floworx restore --force` timed, with plain `pg_restore` into an
# empty database (what the restore runs before it checks every table) measured in the same run as the peer.
# Usage: scripts/bench/backup.sh [EMAILS] [RUNS]     (figures in docs/performance.md; FLOWORX_BIN=path skips the build)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
emails="${1:-100000}"
runs="${2:-3}"
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [[ -n "${FLOWORX_BIN:-}" ]]; then
    floworx="$FLOWORX_BIN"  # an already built binary
else
    swift build --product floworx >/dev/null
    floworx="$(swift build --show-bin-path)/floworx"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/floworx-backup-bench.XXXXXX")"
chmod 755 "$work"
data="$work/data"
trap 'kill "$db_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The cluster, with the emails of one business.
"$floworx" db start --data-dir "$data" >"$work/url" 2>"$work/db.log" &
db_pid=$!
for _ in $(seq 1 600); do [[ -s "$work/url" ]] && break; sleep 0.1; done
url="$(head -n1 "$work/url")"
"$bindir/psql" -q -v ON_ERROR_STOP=1 "$url" <<SQL
INSERT INTO auth.users (id, email) VALUES ('11111111-1111-1111-1111-111111111111', 'bench@example.com');
INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status)
SELECT '11111111-1111-1111-1111-111111111111', '<bench-' || i || '@example.com>', 'customer' || (i % 5000) || '@example.com',
       'bench@example.com', 'Furnace not heating, job ' || i,
       'The furnace makes a clicking noise and the house is cold. ' || repeat(md5(i::text) || ' ', 40), 'processed'
FROM generate_series(1, $emails) i;
SQL
size="$("$bindir/psql" -At "$url" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
echo "database: $emails emails, $size"

t0="$(now)"; "$floworx" backup --data-dir "$data" --backup-dir "$work/backups" --name bench >/dev/null; t1="$(now)"
echo "floworx backup (pg_dump + checksums in its snapshot): $(seconds "$t0" "$t1") s, $(stat -c %s "$work/backups/bench.dump") bytes"

peer=(); restore=(); verify=()
admin="${url%/*}/postgres?sslmode=disable"
for run in $(seq 1 "$runs"); do
    "$bindir/psql" -q "$admin" -c "DROP DATABASE IF EXISTS peer_restore" -c "CREATE DATABASE peer_restore"
    t0="$(now)"
    PGPASSWORD="$(cat "$data/floworx-superuser.password")" "$bindir/pg_restore" --exit-on-error --no-owner \
        -h 127.0.0.1 -p "$(sed -n 4p "$data/postmaster.pid")" -U floworx -d peer_restore "$work/backups/bench.dump"
    t1="$(now)"; peer+=("$(seconds "$t0" "$t1")")
    "$bindir/psql" -q "$admin" -c "DROP DATABASE peer_restore"
    t0="$(now)"; "$floworx" backup verify --data-dir "$data" "$work/backups/bench.dump" >/dev/null; t1="$(now)"
    verify+=("$(seconds "$t0" "$t1")")
done
# floworx restore needs the cluster to itself: stop db start, let restore start and stop it.
kill -INT "$db_pid"; wait "$db_pid" 2>/dev/null || true
for run in $(seq 1 "$runs"); do
    t0="$(now)"; "$floworx" restore --data-dir "$data" --force "$work/backups/bench.dump" >/dev/null; t1="$(now)"
    restore+=("$(seconds "$t0" "$t1")")
done
echo "pg_restore alone (peer):          ${peer[*]} s   median $(median "${peer[@]}")"
echo "floworx backup verify:            ${verify[*]} s   median $(median "${verify[@]}")"
echo "floworx restore (incl. start/stop of the cluster): ${restore[*]} s   median $(median "${restore[@]}")"
echo "restore / pg_restore: $(awk -v a="$(median "${restore[@]}")" -v b="$(median "${peer[@]}")" 'BEGIN { printf "%.2f", a / b }')"
