#!/usr/bin/env bash
# The mailbox benchmark (issue 9): release build, one embedded-style cluster from `floworx db start`, then
# `floworx-bench mailbox` (Sources/floworx-bench/MailboxBench.swift) with the issue's defaults: 1,000 mailboxes on the
# local Gmail and Graph servers (half each), push on, 20 new messages/s for 600 s, then 60 s without mail.
# Usage: scripts/bench/mailbox.sh [--mailboxes 1000] [--rate 20] [--duration 600] [--idle 60]
# Prints one JSON object; docs/performance.md ("Mailboxes") reads it.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product floworx
swift build -c release --product floworx-bench
bin="$(swift build -c release --show-bin-path)"
data="$(mktemp -d)/pg"
chmod 777 "$(dirname "$data")"
"$bin/floworx" db start --data-dir "$data" > "$data.log" 2>&1 &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  url="$("$bin/floworx" db url --data-dir "$data" 2>/dev/null || true)"
  [ -n "$url" ] && break
  sleep 1
done
[ -n "$url" ] || { echo "the benchmark database did not start; see $data.log" >&2; exit 1; }
DATABASE_URL="$url" "$bin/floworx-bench" mailbox "$@"
