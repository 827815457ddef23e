#!/usr/bin/env bash
# Proves FloWorx's web push end to end with independent implementations: the Swift test WebPushPythonCheckTests
# registers a browser-like subscription through the API, sends an alert with WebPushClient to the local push service,
# and runs push_decrypt.py, which decrypts the received body with http_ece (RFC 8291 aes128gcm) using the
# subscription's private key and auth secret and verifies the VAPID header with py_vapid (RFC 8292).
#
# Usage: scripts/notify-check/push-check.sh      (from anywhere; the build takes the shared build lock when
# FLOWORX_BUILD_LOCK names one). Environment: PUSH_CHECK_VENV overrides the venv (default .build-push-venv beside
# this script, reused while push-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${PUSH_CHECK_VENV:-$here/.build-push-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/push-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'WebPushPythonCheckTests')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_PUSH_PYTHON="$venv/bin/python" "${run[@]}"
