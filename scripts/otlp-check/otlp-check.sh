#!/usr/bin/env bash
# Issue 14 (tracing): the OTLP/JSON that FloWorx's exporter sent, as the local receiver of EmailTracingTests received
# it (written to $FLOWORX_OTLP_SAMPLE during `swift test`), checked against the OpenTelemetry protobuf definitions
# (opentelemetry-proto from PyPI, pinned in requirements.txt) by protobuf's own JSON parser. See otlp_check.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
sample="${1:-.build/otlp-sample.json}"
if [ ! -s "$sample" ]; then
  echo "no OTLP sample at $sample: run swift test with FLOWORX_OTLP_SAMPLE=$sample (EmailTracingTests writes it)" >&2
  exit 1
fi
venv=scripts/otlp-check/.build-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r scripts/otlp-check/requirements.txt
# The follow-up, notification and request spans of MailboxTracingTests, NotificationTracingTests and
# RequestTracingTests, saved beside it (LocalOTLPReceiver.saveSamples), when present.
shopt -s nullglob
"$venv/bin/python" scripts/otlp-check/otlp_check.py "$sample" "${sample%.json}".*.json
