#!/usr/bin/env bash
# Checks FloWorx's Supabase compatibility end to end against a throwaway server:
#
#   1. a Python venv (.build-venv/ beside this script, reused while requirements.txt is unchanged);
#   2. `floworx serve` on a fresh data dir and a free port, its log captured;
#   3. supabase_check.py: the official Supabase client against every table, the auth flows, errors, credentials;
#   4. the OpenAPI document of GET /rest/v1/: valid (openapi-spec-validator), and naming this server;
#   5. schemathesis against that document, as a signed-in tenant;
#   6. pg_dump of the embedded database: the OAuth tokens stored in step 3 must not appear in it;
#   7. SIGINT: the server stops and no PostgreSQL process of its data dir remains; neither the server's log nor
#      PostgreSQL's holds the tokens.
#
# Usage: scripts/api-check/run.sh SERVER_BINARY
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 100), SCHEMATHESIS_SEED (default fixed), KEEP_WORK=1 keeps the
# temporary directory, API_CHECK_VENV overrides the venv location. Exits non-zero when any step fails.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ne 1 ]]; then
    echo "usage: $0 SERVER_BINARY" >&2
    exit 2
fi
binary="$1"
[[ "$binary" == /* ]] || binary="$PWD/$binary"
venv="${API_CHECK_VENV:-$here/.build-venv}"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-100}"
seed="${SCHEMATHESIS_SEED:-20261130}"

passed=0
failed=()
pass() { passed=$((passed + 1)); echo "=== step PASS: $1"; }
fail() { failed+=("$1"); echo "=== step FAIL: $1${2:+: $2}"; }
log_step() { echo; echo "=== $1"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/floworx-api-check.XXXXXX")"
# The embedded PostgreSQL runs as its own OS user when we are root: it must be able to reach data/.
chmod 755 "$work"
data="$work/data"
server_log="$work/server.log"
token_file="$work/oauth-tokens.txt"
server_pid=""
postmaster_pid=""

stop_server() {
    # SIGINT, as an operator would; the server shuts PostgreSQL down itself.
    [[ -n "$server_pid" ]] || return 0
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null
        for _ in $(seq 1 600); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    if kill -0 "$server_pid" 2>/dev/null; then
        echo "server $server_pid still running 60 s after SIGINT: killing it" >&2
        kill -KILL "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
        server_pid=""
        return 1
    fi
    wait "$server_pid" 2>/dev/null
    server_exit=$?
    server_pid=""
    return 0
}

cleanup() {
    stop_server >/dev/null 2>&1
    # A PostgreSQL left behind by the server (the check below reports it): end it by its id.
    if [[ -n "$postmaster_pid" ]] && kill -0 "$postmaster_pid" 2>/dev/null; then
        kill -TERM "$postmaster_pid" 2>/dev/null
    fi
    if [[ ${#failed[@]} -eq 0 && -z "${KEEP_WORK:-}" ]]; then
        rm -rf "$work"
    else
        echo "work directory kept: $work (server log: $server_log)"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. Python tools -----------------------------------------------------------------------------------------
log_step "python venv ($venv)"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    pass "venv up to date"
else
    rm -rf "$venv"
    if python3 -m venv "$venv" \
        && "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$here/requirements.txt"; then
        echo "$wanted" > "$stamp"
        pass "venv installed"
    else
        fail "venv" "could not install $here/requirements.txt"
        exit 1
    fi
fi
py="$venv/bin/python"

# --- 2. The server -------------------------------------------------------------------------------------------
log_step "floworx serve ($binary, data dir $data)"
for _ in $(seq 1 15); do
    [[ -x "$binary" ]] && break
    sleep 2  # the binary may be being rebuilt
done
if [[ ! -x "$binary" ]]; then
    fail "server binary" "$binary is not an executable file"
    exit 1
fi
# Port 0: the server binds a free port and logs it (no race with another process picking the same one).
"$binary" serve --data-dir "$data" --host 127.0.0.1 --port 0 --log-level info >"$server_log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 1800); do
    port="$(sed -nE 's/.*listening on (http:\/\/)?127\.0\.0\.1:([0-9]+).*/\2/p' "$server_log" | head -n1)"
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
base_url="http://127.0.0.1:$port"
healthy=""
if [[ -n "$port" ]]; then
    for _ in $(seq 1 300); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base_url/health")" == 200 ]]; then
            healthy=yes
            break
        fi
        sleep 0.1
    done
fi
if [[ -z "$healthy" ]]; then
    fail "server start" "no healthy server (port '${port}'); log:"
    tail -n 40 "$server_log"
    exit 1
fi
postmaster_pid="$(sed -n 1p "$data/postmaster.pid" 2>/dev/null)"
pass "server healthy at $base_url (PostgreSQL pid $postmaster_pid)"

keys="$("$binary" keys show --json --data-dir "$data")" || { fail "keys" "floworx keys show failed"; exit 1; }
anon_key="$(printf '%s' "$keys" | "$py" -c 'import json, sys; print(json.load(sys.stdin)["anon_key"])')"
service_key="$(printf '%s' "$keys" | "$py" -c 'import json, sys; print(json.load(sys.stdin)["service_role_key"])')"

# --- 3. Supabase client checks -------------------------------------------------------------------------------
log_step "supabase_check.py (official supabase-py client)"
if "$py" "$here/supabase_check.py" --url "$base_url" --anon-key "$anon_key" --service-key "$service_key" \
    --log-file "$server_log" --token-file "$token_file"; then
    pass "supabase client checks"
else
    fail "supabase client checks"
fi

# --- 4. OpenAPI document ----------------------------------------------------------------------------------------
log_step "OpenAPI document (GET /rest/v1/)"
openapi="$work/openapi.json"
status="$(curl -s -o "$openapi" -w '%{http_code}' -H "apikey: $anon_key" "$base_url/rest/v1/")"
if [[ "$status" != 200 ]]; then
    fail "openapi fetch" "HTTP $status"
elif "$venv/bin/openapi-spec-validator" "$openapi"; then
    pass "openapi document is valid OpenAPI 3"
else
    fail "openapi validation"
fi
if [[ -s "$openapi" ]]; then
    advertised="$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["servers"][0]["url"])' "$openapi" 2>&1)"
    if [[ "$advertised" == "$base_url" ]]; then
        pass "openapi servers[0].url is this server ($advertised)"
    else
        fail "openapi servers[0].url" "document says '$advertised', the server listens on $base_url"
    fi
fi

# --- 5. schemathesis ------------------------------------------------------------------------------------------
log_step "schemathesis ($max_examples examples per operation, seed $seed)"
fuzz_email="fuzz-$(date +%s)-$RANDOM@example.com"
token="$(curl -s -X POST "$base_url/auth/v1/signup" -H "apikey: $anon_key" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$fuzz_email\", \"password\": \"Fuzz-password-$RANDOM-x\"}" \
    | "$py" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])' 2>/dev/null)"
if [[ -z "$token" ]]; then
    fail "schemathesis" "could not sign up the fuzzing tenant"
else
    # One worker: with two, hypothesis parses module sources (to describe lambdas) in two threads at once, and
    # CPython 3.11 keeps the AST constructor's recursion counter in shared module state, so concurrent parses can
    # raise "SystemError: AST constructor recursion depth mismatch" (cpython gh-106905, seen in threaded programs).
    # That crash of the tool failed CI once; it says nothing about FloWorx. One worker costs about a minute.
    checks="not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"
    st=("$venv/bin/schemathesis" run "$openapi" --url "$base_url"
        -H "apikey: $anon_key" -H "Authorization: Bearer $token"
        --checks "$checks" --max-examples "$max_examples" --seed "$seed" --workers 1
        --generation-database none --no-color --report junit --report-dir "$work/schemathesis")
    # Logout revokes the fuzzing tenant's session, after which /auth/v1/user only answers 403: fuzz it last, alone.
    (cd "$work" && "${st[@]}" --exclude-operation-id auth_logout) 2>&1 | tee "$work/schemathesis.txt"
    main_status=$?
    (cd "$work" && "${st[@]}" --include-operation-id auth_logout) 2>&1 | tee -a "$work/schemathesis.txt"
    logout_status=$?
    if [[ $main_status -eq 0 && $logout_status -eq 0 ]]; then
        pass "schemathesis found no failure"
    else
        fail "schemathesis" "exit $main_status (all but logout), $logout_status (logout); failures above, output in $work/schemathesis.txt"
    fi
fi

# --- 6. No plaintext token in the database ----------------------------------------------------------------------
log_step "pg_dump of the embedded database"
dump="$work/dump.sql"
pg_port="$(sed -n 4p "$data/postmaster.pid" 2>/dev/null)"
pg_bindir="$(dirname "$(head -n1 "$data/postmaster.opts" 2>/dev/null | cut -d' ' -f1 | tr -d '"')")"
pg_dump="$pg_bindir/pg_dump"
[[ -x "$pg_dump" ]] || pg_dump="$(command -v pg_dump || true)"
if [[ ! -s "$token_file" ]]; then
    fail "dump check" "supabase_check.py wrote no tokens to $token_file"
elif [[ -z "$pg_dump" || -z "$pg_port" ]]; then
    fail "dump check" "no pg_dump (${pg_dump:-none}) or no PostgreSQL port (${pg_port:-none})"
elif ! PGPASSWORD="$(cat "$data/floworx-superuser.password")" "$pg_dump" -h 127.0.0.1 -p "$pg_port" -U floworx \
        -d floworx -f "$dump"; then
    fail "dump check" "pg_dump failed"
elif ! grep -q 'A256GCM' "$dump"; then
    fail "dump check" "the dump holds no encrypted credentials envelope: the tokens were not stored, so this proves nothing"
elif grep -F -q -f "$token_file" "$dump"; then
    fail "dump check" "a plaintext OAuth token is in the database dump"
else
    pass "no plaintext token in the database dump ($(wc -c <"$dump") bytes)"
fi

# --- 7. Shutdown --------------------------------------------------------------------------------------------------
log_step "shutdown (SIGINT)"
server_exit=""
if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid" 2>/dev/null
    fail "server alive until shutdown" "it had already exited (status $?) before SIGINT; see $server_log"
    server_pid=""
elif stop_server; then
    if [[ "$server_exit" == 0 ]]; then
        pass "server exited 0 on SIGINT"
    else
        fail "server exit status" "exited $server_exit on SIGINT"
    fi
else
    fail "server shutdown" "the server did not stop within 60 s of SIGINT; the end of its log:"
    tail -n 30 "$server_log"
fi
sleep 0.5
left=""
if [[ -n "$postmaster_pid" ]] && kill -0 "$postmaster_pid" 2>/dev/null; then
    left="postmaster $postmaster_pid"
fi
others="$(pgrep -f -- "-D $data" || true)"
[[ -n "$others" ]] && left="$left processes $(echo $others)"
if [[ -n "$left" ]]; then
    fail "postgres stopped" "still running for $data: $left"
else
    pass "no PostgreSQL process of the data dir remains"
fi

# The whole server log and PostgreSQL's own log, now that both are complete.
pg_log="$data/floworx-postgres.log"
if [[ ! -s "$token_file" ]]; then
    fail "logs check" "supabase_check.py wrote no tokens to $token_file"
elif grep -F -q -f "$token_file" "$server_log" "$pg_log" 2>/dev/null; then
    fail "logs check" "a plaintext OAuth token is in $(grep -F -l -f "$token_file" "$server_log" "$pg_log" | tr '\n' ' ')"
else
    pass "no plaintext token in the server log ($(wc -l <"$server_log") lines) or the PostgreSQL log"
fi

echo
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "failed steps: ${failed[*]}"
fi
echo "api-check: $passed passed, ${#failed[@]} failed"
[[ ${#failed[@]} -eq 0 ]]
