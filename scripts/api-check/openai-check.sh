#!/usr/bin/env bash
# Runs OpenAI's official Python client (scripts/api-check/openai_structured.py) against the test chat-completions
# server, through the Swift test TriageSecondOpinionTests.officialClient (the server lives in the test target).
#
# Usage: scripts/api-check/openai-check.sh      (from the repository root; the build takes the shared build lock
# when FLOWORX_BUILD_LOCK names one). Environment: OPENAI_CHECK_VENV overrides the venv (default .build-openai-venv
# beside this script, reused while openai-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${OPENAI_CHECK_VENV:-$here/.build-openai-venv}"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$here/openai-requirements.txt" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$here/openai-requirements.txt"
    echo "$wanted" > "$stamp"
fi
cd "$here/../.."
run=(swift test --filter 'TriageSecondOpinionTests/officialClient')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_OPENAI_PYTHON="$venv/bin/python" "${run[@]}"
