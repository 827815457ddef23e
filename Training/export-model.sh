#!/bin/sh
# Copies the trained model into the FloWorxCore target, where Swift loads it as a bundle resource
# (TriageModel.bundledModelURL). The one source of truth is Training/model/triage-model.json (written by
# Training/train.py); the copy is committed so a Swift build needs no Python. Run after every retraining and commit both.
# `--check` only verifies that the copy is current (exit 1 if not).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/Training/model/triage-model.json"
dst="$root/Sources/FloWorxCore/Triage/triage-model.json"
if [ "${1:-}" = "--check" ]; then
    if cmp -s "$src" "$dst"; then echo "triage model copy is current"; exit 0; fi
    echo "triage model copy differs: run Training/export-model.sh" >&2
    exit 1
fi
cp "$src" "$dst"
echo "copied $src -> $dst ($(wc -c < "$dst") bytes)"
