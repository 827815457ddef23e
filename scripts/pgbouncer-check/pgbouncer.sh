# PgBouncer (Debian's package, 1.18) in transaction mode in front of one PostgreSQL, for the checks and benchmarks of
# issue 14. Sourced by pgbouncer-check.sh, floworx-via-pgbouncer and the benchmark.
#
#   ensure_pgbouncer                       installs the Debian package when missing (apt-get, sudo when not root)
#   start_pgbouncer DIR PGPORT PASSWORD    writes DIR/pgbouncer.ini and starts it on a free loopback port; prints the
#                                          pool URL (postgres://floworx@127.0.0.1:PORT/floworx?sslmode=disable)
#   stop_pgbouncer DIR                     SIGINT (finish the transactions in flight), then waits for it to exit
#
# Clients authenticate with `trust` (loopback only, the port is private to the run); PgBouncer logs into PostgreSQL
# with the cluster's password, written only into DIR (mode 700). As root, PgBouncer (which refuses root) runs as the
# `postgres` OS user, which then owns DIR.

pgbouncer_bin() {
    command -v pgbouncer 2>/dev/null || { [[ -x /usr/sbin/pgbouncer ]] && echo /usr/sbin/pgbouncer; }
}

ensure_pgbouncer() {
    [[ -n "$(pgbouncer_bin)" ]] && return 0
    echo "installing pgbouncer (Debian package)" >&2
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q pgbouncer >/dev/null \
        || { $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q pgbouncer >/dev/null; }
    [[ -n "$(pgbouncer_bin)" ]]
}

pgbouncer_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_pgbouncer() {
    local dir="$1" pg_port="$2" password="$3" port
    port="$(pgbouncer_free_port)"
    mkdir -p "$dir"
    chmod 700 "$dir"
    # The password goes into a connection string: it is generated (letters and digits), quote it all the same.
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
floworx = host=127.0.0.1 port=$pg_port dbname=floworx user=floworx password='$password'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = floworx
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
reserve_pool_size = 5
server_login_retry = 1
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
ignore_startup_parameters = extra_float_digits,options
INI
    echo '"floworx" ""' >"$dir/userlist.txt"
    local run=("$(pgbouncer_bin)" -d "$dir/pgbouncer.ini")
    if [[ "$(id -u)" == 0 ]]; then
        chown -R postgres "$dir"
        run=(runuser -u postgres -- "${run[@]}")
    fi
    "${run[@]}" >>"$dir/pgbouncer.start.log" 2>&1 || { cat "$dir/pgbouncer.start.log" "$dir/pgbouncer.log" >&2 2>/dev/null; return 1; }
    for _ in $(seq 1 100); do
        [[ -s "$dir/pgbouncer.pid" ]] && (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    echo "postgres://floworx@127.0.0.1:$port/floworx?sslmode=disable"
}

stop_pgbouncer() {
    local dir="$1" pid
    pid="$(cat "$dir/pgbouncer.pid" 2>/dev/null)" || return 0
    [[ -n "$pid" ]] || return 0
    kill -INT "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null
}

# One line of PgBouncer's SHOW STATS for the floworx database: "transactions queries" served through it.
pgbouncer_stats() {
    local url="$1"
    psql "${url%/floworx*}/pgbouncer?sslmode=disable" -X -A -t -F ' ' -c 'SHOW STATS' 2>/dev/null \
        | awk '$1 == "floworx" { print $2, $3 }'
}
