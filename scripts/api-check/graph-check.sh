#!/usr/bin/env bash
# Runs Microsoft's Graph SDK for Python (msgraph-sdk, scripts/api-check/graph_mail_check.py) against the local Graph
# server, through the Swift test LocalGraphOfficialClientTests (it starts the server, a mailbox and a subscriber
# endpoint, then runs the script with their URLs and a token).
#
# Usage: scripts/api-check/graph-check.sh      (from the repository root; the build takes the shared build lock
# when FLOWORX_BUILD_LOCK names one). Environment: GRAPH_CHECK_VENV overrides the venv (default .build-graph-venv
# beside this script, reused while graph-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${GRAPH_CHECK_VENV:-$here/.build-graph-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/graph-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'LocalGraphOfficialClientTests')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_GRAPH_PYTHON="$venv/bin/python" "${run[@]}"
