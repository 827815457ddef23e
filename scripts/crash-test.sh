#!/usr/bin/env bash
# Crash test of the email pipeline (issue 4): 10,000 messages, 3 worker processes, 5 random SIGKILLs, then checks that
# every message reached exactly one final state. Usage: scripts/crash-test.sh [--messages 10000] [--kills 5] [--seed N]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null || export PATH="$PATH:$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
swift build -c release --product floworx
python3 scripts/crash/crash_test.py --bin "$(swift build -c release --show-bin-path)" "$@"
