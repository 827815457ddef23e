#!/usr/bin/env bash
# Runs Twilio's official Python helper library (twilio, scripts/notify-check/twilio_check.py) against the local Twilio
# server and FloWorx's status callback route, through the Swift test TwilioOfficialClientTests (it starts the local
# Twilio server, FloWorx's HTTP application on a test database and a notification row, then runs the script).
#
# Usage: scripts/notify-check/twilio-check.sh      (from the repository root; the build takes the shared build lock
# when FLOWORX_BUILD_LOCK names one). Environment: TWILIO_CHECK_VENV overrides the venv (default .build-twilio-venv
# beside this script, reused while twilio-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${TWILIO_CHECK_VENV:-$here/.build-twilio-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/twilio-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'TwilioOfficialClientTests')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_TWILIO_PYTHON="$venv/bin/python" "${run[@]}"
