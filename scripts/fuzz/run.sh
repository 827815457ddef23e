#!/usr/bin/env bash
# Fuzzes the parsers of untrusted input with libFuzzer (docs/fuzzing.md).
#
#   scripts/fuzz/run.sh [seconds-per-target] [target...]
#
# Builds floworx-fuzz with -sanitize=fuzzer,address into its own scratch path (.build-fuzz), then runs each target
# (default: all) for the given time (default 30 s) on the committed seeds (Fuzz/Corpus/<target>) plus what earlier
# runs found (.build-fuzz/corpus/<target>), with the target's dictionary. Exits 1 if any target crashed, timed out,
# ran out of memory or broke an invariant, and prints each reproducer.
#
# Environment: FLOWORX_FUZZ_SCRATCH (scratch path, default .build-fuzz), FLOWORX_FUZZ_SKIP_BUILD=1 (reuse the last
# build), FLOWORX_BUILD_LOCK (a file to flock around the build, for machines that serialise Swift builds).
# Nightly: scripts/fuzz/run.sh 3600
set -euo pipefail
cd "$(dirname "$0")/../.."

ALL_TARGETS=(query range prefer mime ingest-json rules)
SECONDS_PER_TARGET="${1:-30}"
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
SCRATCH="${FLOWORX_FUZZ_SCRATCH:-.build-fuzz}"

# The longest input each target tries: long enough for deep trees and multipart messages, short enough to keep
# the executions per second high.
max_len() {
  case "$1" in
    range) echo 64 ;;
    prefer) echo 1024 ;;
    query) echo 8192 ;;
    rules) echo 16384 ;;
    *) echo 65536 ;;
  esac
}

BUILD=(swift build --scratch-path "$SCRATCH" --product floworx-fuzz
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xswiftc -D -Xswiftc FLOWORX_FUZZ
       -Xswiftc -enable-experimental-feature -Xswiftc Extern)
if [ "${FLOWORX_FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  echo "== fuzz build: ${BUILD[*]}" >&2
  start=$(date +%s)
  if [ -n "${FLOWORX_BUILD_LOCK:-}" ]; then flock "$FLOWORX_BUILD_LOCK" "${BUILD[@]}"; else "${BUILD[@]}"; fi
  echo "== fuzz build took $(( $(date +%s) - start )) s" >&2
fi
BIN="$("${BUILD[@]}" --show-bin-path)/floworx-fuzz"

# The Swift runtime's own backtracer would wait on a crashed fuzzer; libFuzzer and ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no
# Swift's runtime keeps metadata caches for the life of the process: not leaks worth failing on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1:allocator_may_return_null=1}"

ARTIFACTS="$SCRATCH/fuzz-artifacts"
mkdir -p "$ARTIFACTS"
failed=()
summary=()
for target in "${TARGETS[@]}"; do
  work="$SCRATCH/corpus/$target"
  mkdir -p "$work" "Fuzz/Corpus/$target"
  log="$ARTIFACTS/$target.log"
  rm -f "$ARTIFACTS/$target"-*
  dict=()
  [ -f "Fuzz/Dictionaries/$target.dict" ] && dict=(-dict="Fuzz/Dictionaries/$target.dict")
  echo "== fuzz $target for ${SECONDS_PER_TARGET} s (log: $log)" >&2
  status=0
  FLOWORX_FUZZ_TARGET="$target" "$BIN" "$work" "Fuzz/Corpus/$target" "${dict[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$ARTIFACTS/$target-" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{s+=$2} END {print s+0}')
  rate=$(( runs / (SECONDS_PER_TARGET > 0 ? SECONDS_PER_TARGET : 1) ))
  summary+=("$(printf '%-12s %10s runs  %7s exec/s  exit %s' "$target" "$runs" "$rate" "$status")")
  if [ "$status" != 0 ]; then
    failed+=("$target")
    # The failure and the first frame of ours under it (a Swift trap shows as "Swift runtime failure: …").
    grep -E -A1 "ERROR: |Swift runtime failure|invariant broken|Fatal error" "$log" | head -12 >&2 || true
    grep -E "SUMMARY: |Test unit written" "$log" | head -4 >&2 || true
    for reproducer in "$ARTIFACTS/$target"-*; do
      [ -f "$reproducer" ] || continue
      case "$reproducer" in *.log) continue ;; esac
      echo "reproducer: $reproducer" >&2
      echo "  replay:   FLOWORX_FUZZ_TARGET=$target $BIN $reproducer" >&2
      echo "  or:       swift run floworx-fuzz $target $reproducer" >&2
    done
  fi
done

echo "== fuzz summary (${SECONDS_PER_TARGET} s per target)" >&2
printf '%s\n' "${summary[@]}" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "FUZZING FAILED: ${failed[*]} (see $ARTIFACTS)" >&2
  exit 1
fi
