#!/usr/bin/env bash
# Validates FloWorx's local n8n server and FloWorx's n8n export of workflow versions against n8n's published OpenAPI
# description (scripts/n8n-check/openapi.yml, see SOURCE.md) with openapi-core, through the Swift test
# N8NOpenAPICheckTests (it starts the local n8n server, exports workflows, then runs scripts/n8n-check/n8n_check.py).
#
# Usage: scripts/n8n-check/n8n-check.sh      (from the repository root; the build takes the shared build lock when
# FLOWORX_BUILD_LOCK names one). Environment: N8N_CHECK_VENV overrides the venv (default .build-n8n-venv beside this
# script, reused while n8n-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${N8N_CHECK_VENV:-$here/.build-n8n-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/n8n-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'N8NOpenAPICheckTests')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_N8N_PYTHON="$venv/bin/python" "${run[@]}"
