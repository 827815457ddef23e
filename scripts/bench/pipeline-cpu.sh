#!/usr/bin/env bash
# CPU time per email of the pipeline bench, split between the worker (the bench process) and PostgreSQL: steadier than
# emails/s on a shared machine, where other processes take cores but not this run's CPU seconds (docs/performance.md,
# "The worker's CPU per email").
# Usage: scripts/bench/pipeline-cpu.sh BIN_DIR DATA_DIR EMAILS [floworx-bench pipeline options…]
#   BIN_DIR   directory holding a release floworx-bench
#   DATA_DIR  data directory of a running `floworx db start --data-dir DATA_DIR` cluster (its URL is read from
#             FLOWORX_BENCH_URL, or DATABASE_URL)
set -euo pipefail
bin=$1; data=$2; emails=$3; shift 3
url=${FLOWORX_BENCH_URL:-${DATABASE_URL:?set FLOWORX_BENCH_URL or DATABASE_URL to the cluster URL}}
postmaster=$(head -1 "$data/postmaster.pid")
ticks=$(getconf CLK_TCK)
# The postmaster's own and reaped children's CPU, plus the live backends'.
pg_ticks() {
  local total
  total=$(awk '{print $14+$15+$16+$17}' "/proc/$postmaster/stat")
  for pid in $(pgrep -P "$postmaster"); do
    total=$((total + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
before=$(pg_ticks)
out=$( { /usr/bin/time -f "TIME %U %S" "$bin/floworx-bench" pipeline --database-url "$url" --emails "$emails" "$@"; } 2>&1 )
sleep 1
after=$(pg_ticks)
eps=$(echo "$out" | grep -o '"emails_per_s":[0-9.]*' | cut -d: -f2)
read -r user system <<< "$(echo "$out" | grep '^TIME' | cut -d' ' -f2,3)"
python3 -c "
n = $emails
print(f'emails/s {float(\"$eps\"):.0f}  worker {($user + $system) * 1000 / n:.3f} ms/email  postgresql {($after - $before) / $ticks * 1000 / n:.3f} ms/email')"
