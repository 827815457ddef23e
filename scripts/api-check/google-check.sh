#!/usr/bin/env bash
# Runs Google's official Python client (google-api-python-client, scripts/api-check/google_gmail_check.py) against the
# local Gmail server (Sources/FloWorxLocalProviders/Gmail), through the Swift test
# LocalGmailOfficialClientTests/officialClient, which starts the server, seeds a mailbox and runs the script.
#
# What it checks: every Gmail method FloWorx calls (getProfile, history.list with paging, messages.list/get raw/
# modify/batchModify, labels.list/create/get/delete, drafts.create/get/update/list/delete, watch, stop), built by
# googleapiclient.discovery.build("gmail", "v1", static_discovery=True) from the discovery document the client ships,
# with every request body, query parameter and response body validated against that document's schemas (unknown
# fields and wrong types fail; 64-bit integers must be strings; bytes base64url) and Google's error body on errors.
#
# Usage: scripts/api-check/google-check.sh      (from the repository root; the build takes the shared build lock
# when FLOWORX_BUILD_LOCK names one). Environment: GOOGLE_CHECK_VENV overrides the venv (default .build-google-venv
# beside this script, reused while google-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${GOOGLE_CHECK_VENV:-$here/.build-google-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/google-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'LocalGmailOfficialClientTests/officialClient')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_GOOGLE_PYTHON="$venv/bin/python" "${run[@]}"
