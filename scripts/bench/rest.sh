#!/usr/bin/env bash
# The data API benchmark (issue 3): builds release binaries, installs wrk if missing, runs scripts/bench/rest_bench.py.
# Usage: scripts/bench/rest.sh [--mode plain|embed] [--runs 3] [--seconds 15] [--tenants 100] [--rows 10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else sudo apt-get install -y -q wrk >/dev/null || { sudo apt-get update -q >/dev/null && sudo apt-get install -y -q wrk >/dev/null; }; fi
fi
command -v pgbench >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
# BENCH_BUILD=debug measures the debug build (minutes instead of a release build's quarter hour; say so with figures).
config="${BENCH_BUILD:-release}"
swift build -c "$config" --product floworx
swift build -c "$config" --product floworx-bench
python3 scripts/bench/rest_bench.py --bin "$(swift build -c "$config" --show-bin-path)" "$@"
