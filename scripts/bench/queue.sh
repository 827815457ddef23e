#!/usr/bin/env bash
# The queue and pipeline benchmark (issue 4): builds release binaries, then runs scripts/bench/queue_bench.py.
# Usage: scripts/bench/queue.sh [--runs 3] [--jobs 50000] [--pipeline-emails 20000] [--latency-seconds 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product floworx
swift build -c release --product floworx-bench
python3 scripts/bench/queue_bench.py --bin "$(swift build -c release --show-bin-path)" "$@"
