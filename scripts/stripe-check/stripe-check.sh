#!/usr/bin/env bash
# Runs Stripe's official Python library (stripe, scripts/stripe-check/stripe_check.py) against the local Stripe
# server, through the Swift test StripeOfficialClientTests (it starts the local Stripe server and runs the script,
# which also receives the server's webhooks and checks them with stripe.Webhook.construct_event).
#
# Usage: scripts/stripe-check/stripe-check.sh      (from the repository root; the build takes the shared build lock
# when FLOWORX_BUILD_LOCK names one). Environment: STRIPE_CHECK_VENV overrides the venv (default .build-stripe-venv
# beside this script, reused while stripe-requirements.txt is unchanged).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${STRIPE_CHECK_VENV:-$here/.build-stripe-venv}"
source "$here/../lib/venv.sh"
ensure_venv "$venv" "$here/stripe-requirements.txt"
cd "$here/../.."
run=(swift test --filter 'StripeOfficialClientTests')
if [[ -n "${FLOWORX_BUILD_LOCK:-}" ]]; then run=(flock "$FLOWORX_BUILD_LOCK" "${run[@]}"); fi
FLOWORX_STRIPE_PYTHON="$venv/bin/python" "${run[@]}"
