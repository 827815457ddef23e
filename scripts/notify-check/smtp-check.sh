#!/usr/bin/env bash
# Runs FloWorx's SMTP client against a real SMTP server: aiosmtpd (scripts/notify-check/smtp_server.py) with STARTTLS
# required, implicit TLS on a second port, AUTH PLAIN/LOGIN required, a certificate from a throwaway CA. The Swift
# test SMTPAiosmtpdTests starts the server, sends through SMTPClient and checks what Python's `email` package parsed.
#
# Usage: scripts/notify-check/smtp-check.sh      (from anywhere; the build takes the shared build lock when
# FLOWORX_BUILD_LOCK names one). Environment: SMTP_CHECK_VENV overrides the venv (default .build-smtp-venv beside
# this script, reused while smtp-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SMTP_CHECK_VENV:-$here/.build-smtp-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/smtp-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'SMTPAiosmtpdTests')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_SMTP_PYTHON="$venv/bin/python" "${run[@]}"
