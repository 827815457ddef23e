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
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/openai-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'TriageSecondOpinionTests/officialClient')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_OPENAI_PYTHON="$venv/bin/python" "${run[@]}"
