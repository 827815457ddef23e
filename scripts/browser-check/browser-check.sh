#!/usr/bin/env bash
# The web app in a real browser (issue 13): headless Chromium (Debian's chromium and chromium-driver) driven by
# Selenium against a real `floworx serve` on a fresh embedded database with the demo data. browser_check.py signs a demo
# owner and two new owners in and out, reads and corrects the inbox, opens analytics, checks that the second owner
# never sees the first one's mail (direct URLs included), saves a screenshot of every page at 1280 and 360 px under
# bench-out/browser/, fails on any browser console error and on any critical axe-core violation.
#
# Usage: scripts/browser-check/browser-check.sh [SERVER_BINARY]   (default .build/debug/floworx, from the repository root)
# Environment: BROWSER_CHECK_VENV overrides the venv (default .build-venv beside this script), BROWSER_CHECK_OUT the
# screenshot folder, KEEP_WORK=1 keeps the temporary directory (server log, database).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary="${1:-$root/.build/debug/floworx}"
[[ "$binary" == /* ]] || binary="$PWD/$binary"
venv="${BROWSER_CHECK_VENV:-$here/.build-venv}"
out="${BROWSER_CHECK_OUT:-$root/bench-out/browser}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "browser check: chromium and chromium-driver are missing; install them (apt-get install chromium chromium-driver)" >&2
        exit 1
    fi
    echo "browser check: installing chromium and chromium-driver" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

source "$root/scripts/lib/venv.sh"
ensure_venv "$venv" "$here/requirements.txt"

work="$(mktemp -d "${TMPDIR:-/tmp}/fx-web-browser-check.XXXXXX")"
chmod 755 "$work"
server_log="$work/server.log"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -z "${KEEP_WORK:-}" && "${status:-1}" -eq 0 ]]; then rm -rf "$work"; else echo "browser check: work directory kept: $work" >&2; fi
}
trap cleanup EXIT

# Port 0 everywhere: the server and the demo's local mail servers bind free ports (no clash with a running FloWorx).
FLOWORX_DEMO_GMAIL_PORT=0 FLOWORX_DEMO_GRAPH_PORT=0 FLOWORX_DEMO_SMTP_PORT=0 FLOWORX_DEMO_SMTP_HTTP_PORT=0 \
    "$binary" serve --data-dir "$work/data" --host 127.0.0.1 --port 0 --log-level info >"$server_log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 1200); do
    port="$(sed -nE 's/.*listening on (http:\/\/)?127\.0\.0\.1:([0-9]+).*/\2/p' "$server_log" | head -n1)"
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -z "$port" ]]; then
    echo "browser check: the server did not start; its log:" >&2
    tail -n 40 "$server_log" >&2
    status=1
    exit 1
fi
anon_key="$("$binary" keys show --json --data-dir "$work/data" | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["anon_key"])')"
mkdir -p "$out"
status=0
"$venv/bin/python" "$here/browser_check.py" --base "http://127.0.0.1:$port" --anon-key "$anon_key" --out "$out" || status=$?
if [[ "$status" -ne 0 ]]; then
    echo "browser check: FAILED; the server's log ends with:" >&2
    tail -n 30 "$server_log" >&2
fi
exit "$status"
