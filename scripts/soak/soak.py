"""Soak test of issue 8: a steady mix of normal and hostile traffic against one `floworx serve` for `--minutes`.

Starts `floworx serve` (workers on, no demo data) on a fresh embedded PostgreSQL in a temporary directory, signs up
`--tenants` tenants and configures them through /rest/v1 (the three mailbox clients' settings, round robin), then
runs a bounded-concurrency, rate-limited mix of:

  * REST reads (filters, order, limit/offset, Range, count=exact, object Accept) - every returned row is checked to
    belong to the caller (tenant isolation);
  * REST writes: insert / patch / delete of escalation_rules and workflows, patch of notification_settings,
    tx=rollback inserts;
  * ingestion of normalized JSON (batches) and raw RFC 5322 mail from Tests/Mailbox (unique Message-IDs), plus
    redeliveries;
  * sign-ins (right password; wrong password from other loopback addresses, so the per-address throttle does not
    lock the right ones out), sign-in + logout, token refresh, GET /auth/v1/user;
  * hostile requests: huge Range / limit values, deeply nested or=(...), 1 MB and 10 MB bodies, garbage JSON,
    100k-deep JSON, NUL bytes in select and filters, random unicode and invalid UTF-8 in filters, NUL and lone
    surrogates in ingested JSON, forged JWTs, unknown tables, tenant writes to billing tables;
  * slowloris: a few dozen sockets that send part of a request header and then stall (or trickle one byte at a time).

Every 15 s it samples the server's RSS, the PSS/RSS of the cluster's postgres processes (the postmaster and its
children, from /proc), the number of client backends, the queue depth and the request counts. At the end it waits
for the queue to drain and judges, printing PASS/FAIL per criterion (exit status 1 on any FAIL):

  * the server process never exited (and PostgreSQL's postmaster never changed);
  * no 5xx at all;
  * every hostile request got its expected answer (4xx, or 2xx where the request is valid), never 5xx;
  * every normal request got its expected status (no timeouts, no dropped connections);
  * the server closed (or answered 4xx to) every slowloris socket within --slowloris-limit seconds;
  * no row of another tenant was ever returned;
  * every accepted email (each message of a 200/201 ingestion) has an email_logs row in a final state;
  * server RSS and PostgreSQL PSS flat after warm-up: mean of the last third of the samples vs the middle third,
    growth below 10 % or below 20 MB;
  * SIGINT stops the server with status 0 and no postgres process of the data dir remains.

The samples (CSV), the status counts per request kind and the verdicts (JSON) go to bench-out/soak-<timestamp>/.

Standard library only. Loopback only: the server listens on 127.0.0.1; wrong-password sign-ins come from other
127.0.0.0/8 source addresses.
"""
import argparse
import base64
import csv
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAILBOX = ROOT / "Tests" / "Mailbox"
INDUSTRIES = ["hvac", "pools", "roofing"]
MB = 1024 * 1024

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--bin", required=True, help="the floworx binary (or a directory holding it)")
parser.add_argument("--minutes", type=float, default=30.0, help="duration of the load (default 30)")
parser.add_argument("--tenants", type=int, default=20)
parser.add_argument("--rate", type=float, default=150.0, help="target requests per second, all kinds (default 150)")
parser.add_argument("--threads", type=int, default=12, help="concurrent request loops (default 12)")
parser.add_argument("--sample-seconds", type=float, default=15.0)
parser.add_argument("--slowloris", type=int, default=40, help="half-sent requests kept open at once (default 40)")
parser.add_argument("--slowloris-limit", type=float, default=120.0,
                    help="seconds within which the server must close a stalled request (default 120)")
parser.add_argument("--or-depth", type=int, default=5000, help="nesting of the hostile or=(...) filter")
parser.add_argument("--json-depth", type=int, default=100_000, help="nesting of the hostile JSON body")
parser.add_argument("--drain-timeout", type=float, default=900.0, help="seconds to wait for the queue at the end")
parser.add_argument("--drain-stall", type=float, default=120.0,
                    help="stop waiting for the queue when it has not shrunk for this many seconds (default 120)")
parser.add_argument("--request-timeout", type=float, default=60.0)
parser.add_argument("--seed", type=int, default=None)
parser.add_argument("--out", default=None, help="output directory (default bench-out/soak-<timestamp>)")
parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
args = parser.parse_args()

binary = Path(args.bin)
if binary.is_dir():
    binary = binary / "floworx"
binary = binary.resolve()
seed = args.seed if args.seed is not None else random.randrange(1 << 30)
stamp = time.strftime("%Y%m%d-%H%M%S")
out_dir = Path(args.out) if args.out else ROOT / "bench-out" / f"soak-{stamp}"
out_dir.mkdir(parents=True, exist_ok=True)
run_tag = f"{stamp}-{seed}"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- statistics -----------------------------------------------------------------------------------------------

class Stats:
    """Status counts and latencies per request kind (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.total = 0
        self.server_errors = 0
        self.examples: dict[tuple, str] = {}  # (kind, status) -> first response body seen, for the report

    def record(self, kind: str, status, seconds: float, body: bytes = b"") -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds)
            self.total += 1
            if isinstance(status, int) and status >= 500:
                self.server_errors += 1
            key = (kind, status)
            if key not in self.examples and not (isinstance(status, int) and 200 <= status < 300):
                self.examples[key] = body[:300].decode("utf-8", "replace")

    def snapshot(self) -> tuple[int, int]:
        with self.lock:
            return self.total, self.server_errors


stats = Stats()
isolation_violations: list[str] = []
accepted: dict[str, set[str]] = defaultdict(set)  # client_id -> message ids accepted with 200/201
accepted_lock = threading.Lock()
stop = threading.Event()


# --- HTTP -----------------------------------------------------------------------------------------------------

class Response:
    def __init__(self, status, headers=None, body=b""):
        self.status = status  # int, or "closed" / "timeout" / "reset" / "error:<type>"
        self.headers = headers or {}
        self.body = body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


local = threading.local()
PORT = 0


def send(method: str, path: str, body: bytes | None = None, headers: dict | None = None, fresh: bool = False,
         source: str | None = None, timeout: float | None = None) -> Response:
    """One request. Normal requests reuse the thread's keep-alive connection; `fresh` ones use (and close) their
    own, as hostile requests do. A transport failure is reported as a string status, with what happened in `body`."""
    timeout = timeout or args.request_timeout
    headers = dict(headers or {})
    if body is not None:
        headers.setdefault("Content-Length", str(len(body)))
    own = fresh or bool(source)
    for attempt in range(2):
        reused = False
        if own:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout,
                                              source_address=(source, 0) if source else None)
        else:
            conn = getattr(local, "conn", None)
            reused = conn is not None
            if conn is None:
                conn = local.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
                local.uses, local.last = 0, time.monotonic()
            conn.timeout = timeout
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
        sent_fully = True
        detail = ""
        if not own:
            detail = f"reused={reused} attempt={attempt} uses={local.uses} idle={time.monotonic() - local.last:.2f}s"
            local.uses += 1
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                # The server may answer (413) and close before the whole body is sent: read what it said.
                sent_fully = False
            response = conn.getresponse()
            data = response.read()
            result = Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
            if own or response.will_close:
                conn.close()
                if not own:
                    local.conn = None
            elif not own:
                local.last = time.monotonic()
            return result
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine) as error:
            conn.close()
            if not own:
                local.conn = None
            if reused and attempt == 0:
                # A keep-alive connection the server closed (idle timeout) as we used it: no answer was read, so
                # once more on a new connection, as HTTP clients do.
                with stats.lock:
                    stats.statuses["keepalive_retry"][type(error).__name__] += 1
                continue
            status = "closed" if isinstance(error, (http.client.RemoteDisconnected, http.client.BadStatusLine)) else "reset"
            return Response(status, body=f"{type(error).__name__} {detail} sent_fully={sent_fully}".encode())
        except socket.timeout:
            conn.close()
            if not own:
                local.conn = None
            return Response("timeout", body=f"after {timeout}s {detail}".encode())
        except OSError as error:
            conn.close()
            if not own:
                local.conn = None
            return Response(f"error:{type(error).__name__}", body=f"{error} {detail}".encode())
    return Response("closed")


def timed(kind: str, method: str, path: str, body=None, headers=None, **options) -> Response:
    started = time.monotonic()
    response = send(method, path, body, headers, **options)
    stats.record(kind, response.status, time.monotonic() - started, response.body)
    return response


def jbody(value) -> bytes:
    return json.dumps(value).encode()


# --- server and database --------------------------------------------------------------------------------------

work = Path(tempfile.mkdtemp(prefix="floworx-soak."))
os.chmod(work, 0o755)  # the embedded PostgreSQL runs as its own OS user when we are root
data_dir = work / "data"
server_log_path = work / "server.log"
env = {**os.environ, "DATABASE_URL": "", "LOG_LEVEL": "info"}
server: subprocess.Popen | None = None
database_url = ""


def psql(sql: str) -> list[list[str]]:
    result = subprocess.run(["psql", database_url, "-X", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"psql failed: {result.stderr.strip()[:500]}")
    return [line.split("|") for line in result.stdout.strip().splitlines() if line]


def start_server() -> None:
    global server, PORT, database_url
    server = subprocess.Popen(
        [str(binary), "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", "0", "--no-demo"],
        env=env, stdout=open(server_log_path, "ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.time() + 300
    while time.time() < deadline and not PORT:
        if server.poll() is not None:
            raise SystemExit(f"floworx serve exited with {server.returncode}:\n{server_log_path.read_text()[-3000:]}")
        found = re.search(r"listening on (?:http://)?127\.0\.0\.1:(\d+)", server_log_path.read_text(errors="replace"))
        if found:
            PORT = int(found.group(1))
        time.sleep(0.1)
    if not PORT:
        raise SystemExit("the server did not report its port within 300 s")
    while time.time() < deadline:
        if send("GET", "/health", fresh=True, timeout=5).status == 200:
            break
        time.sleep(0.2)
    else:
        raise SystemExit("the server is not healthy")
    database_url = subprocess.run([str(binary), "db", "url", "--data-dir", str(data_dir), "--log-level", "error"],
                                  env=env, capture_output=True, text=True, check=True).stdout.strip()


def read_secrets() -> dict:
    path = Path(str(data_dir) + ".secrets.env")
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip("'\"")
    return values


# --- /proc sampling -------------------------------------------------------------------------------------------

def proc_status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def postmaster_pid() -> int:
    try:
        return int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return 0


def children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == parent:
            found.append(int(entry))
    return found


CLIENT_BACKEND = re.compile(r"\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]|::1\(\d+\)")


def postgres_memory() -> dict:
    master = postmaster_pid()
    if not master:
        return {"postmaster": 0, "pg_pss_kb": 0, "pg_rss_kb": 0, "pg_processes": 0, "pg_backends": 0}
    pids = [master, *children(master)]
    backends = 0
    for pid in pids[1:]:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if CLIENT_BACKEND.search(command):
            backends += 1
    return {"postmaster": master, "pg_pss_kb": sum(proc_pss_kb(p) for p in pids),
            "pg_rss_kb": sum(proc_status_kb(p, "VmRSS") for p in pids), "pg_processes": len(pids),
            "pg_backends": backends}


samples: list[dict] = []
postmasters: set[int] = set()
server_died_at: list[float] = []
started_at = 0.0


def take_sample() -> dict:
    total, errors = stats.snapshot()
    row = {"t_s": round(time.monotonic() - started_at, 1), "server_alive": int(server.poll() is None),
           "server_rss_kb": proc_status_kb(server.pid, "VmRSS"), "server_pss_kb": proc_pss_kb(server.pid),
           "server_threads": proc_status_kb(server.pid, "Threads"), **postgres_memory(),
           "requests": total, "http_5xx": errors}
    if row["postmaster"]:
        postmasters.add(row["postmaster"])
    try:
        queued, logs = psql("SELECT (SELECT count(*) FROM email_queue WHERE status IN ('pending','processing')),"
                            " (SELECT count(*) FROM email_logs)")[0]
        row["queue_open"], row["email_logs"] = int(queued), int(logs)
    except Exception:
        row["queue_open"], row["email_logs"] = -1, -1
    previous = samples[-1] if samples else None
    row["req_per_s"] = round((total - previous["requests"]) / max(0.1, row["t_s"] - previous["t_s"]), 1) if previous else 0.0
    samples.append(row)
    if not row["server_alive"] and not server_died_at:
        server_died_at.append(row["t_s"])
    return row


def sampler(interval: float) -> None:
    while not stop.wait(interval):
        row = take_sample()
        log(f"t={row['t_s']:>6.0f}s  server RSS {row['server_rss_kb'] / 1024:6.1f} MB  postgres PSS "
            f"{row['pg_pss_kb'] / 1024:6.1f} MB ({row['pg_processes']} procs, {row['pg_backends']} backends)  "
            f"{row['req_per_s']:6.1f} req/s  5xx {row['http_5xx']}  queue {row['queue_open']}  logs {row['email_logs']}")
        if not row["server_alive"]:
            log("the server process has exited: stopping the load")
            stop.set()


# --- tenants --------------------------------------------------------------------------------------------------

class Tenant:
    def __init__(self, index: int, industry: str):
        self.index = index
        self.industry = industry
        self.email = f"soak-{run_tag}-{index}@soak.test"
        self.password = f"soak-password-{index}-{seed}"
        # Each tenant signs up and in from its own loopback address, as different customers would: per-address
        # sign-up and sign-in limits then apply per tenant rather than to the whole soak.
        self.address = f"127.0.{3 + index // 250}.{1 + index % 250}"
        self.id = ""
        self.access = ""
        self.refresh = ""
        self.session_lock = threading.Lock()
        self.rows_lock = threading.Lock()
        self.rules: list[str] = []
        self.workflows: list[str] = []
        self.sent_ids: list[str] = []  # for redeliveries

    def headers(self, extra: dict | None = None) -> dict:
        return {"apikey": anon_key, "Authorization": f"Bearer {self.access}", **(extra or {})}

    def adopt(self, session: dict) -> None:
        self.access, self.refresh = session["access_token"], session["refresh_token"]


anon_key = ""
service_key = ""
tenants: list[Tenant] = []
templates: dict[str, list[tuple[str, bytes]]] = {}
message_counter = iter(range(1, 1 << 62))
counter_lock = threading.Lock()


def next_message_id() -> str:
    with counter_lock:
        return f"soak-{run_tag}-{next(message_counter)}@soak.test"


def setup_failed(what: str, response: Response) -> None:
    raise SystemExit(f"setup: {what} answered {response.status}: {response.body[:500]!r}")


def set_up_tenant(tenant: Tenant) -> None:
    response = send("POST", "/auth/v1/signup", jbody({"email": tenant.email, "password": tenant.password}),
                    {"apikey": anon_key, "Content-Type": "application/json"}, source=tenant.address)
    if response.status != 200:
        setup_failed("signup", response)
    session = response.json()
    tenant.adopt(session)
    tenant.id = session["user"]["id"]
    setup = json.loads((MAILBOX / "clients" / f"{tenant.industry}.json").read_text())
    json_headers = tenant.headers({"Content-Type": "application/json"})
    steps = [
        ("PATCH", f"/rest/v1/profiles?id=eq.{tenant.id}", {k: setup[k] for k in ["client_config", "managers", "suppliers"]}),
        ("POST", "/rest/v1/business_hours", {"client_id": tenant.id, **setup["business_hours"]}),
        ("POST", "/rest/v1/communication_styles", {"client_id": tenant.id, **setup["communication_style"]}),
        ("POST", "/rest/v1/escalation_rules", [{"client_id": tenant.id, **rule} for rule in setup["escalation_rules"]]),
        ("POST", "/rest/v1/notification_settings", {"client_id": tenant.id, "sms_notifications": True}),
        ("POST", "/rest/v1/workflows", {"client_id": tenant.id, "name": "soak workflow", "workflow_data": {"nodes": [], "connections": {}}}),
    ]
    for method, path, body in steps:
        response = send(method, path, jbody(body), json_headers)
        if response.status not in (200, 201, 204):
            setup_failed(f"{method} {path}", response)


def load_templates() -> None:
    for industry in INDUSTRIES:
        files = sorted((MAILBOX / "messages" / industry).iterdir())
        templates[industry] = [(f.suffix, f.read_bytes()) for f in files if f.suffix in (".eml", ".json")]


def with_message_id(raw: bytes, message_id: str) -> bytes:
    raw = re.sub(rb"(?im)^message-id:", b"X-Original-Message-ID:", raw, count=1)
    return f"Message-ID: <{message_id}>\r\n".encode() + raw


# --- normal request kinds -------------------------------------------------------------------------------------

def check_isolation(kind: str, tenant: Tenant, response: Response, field: str = "client_id") -> None:
    if response.status not in (200, 206):
        return
    rows = response.json()
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list):
        return
    for row in rows:
        if isinstance(row, dict) and field in row and row[field] != tenant.id:
            with stats.lock:
                isolation_violations.append(f"{kind}: tenant {tenant.id} got a row of {row[field]}")
            return


def read_logs(rng: random.Random, tenant: Tenant) -> None:
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - rng.randint(0, 3600)))
    choices = [
        ("/rest/v1/email_logs?select=id,client_id,subject,status,processed_at&order=processed_at.desc"
         f"&limit={rng.randint(1, 50)}&offset={rng.randint(0, 40)}", {}),
        ("/rest/v1/email_logs?select=id,client_id,status&status=in.(processed,escalated)&order=created_at.desc",
         {"Range-Unit": "items", "Range": f"{(start := rng.randint(0, 30))}-{start + rng.randint(0, 20)}"}),
        ("/rest/v1/email_logs?select=client_id,subject&subject=ilike.*" + rng.choice(["heat", "leak", "pool", "quote", "invoice"]) + "*&limit=10", {}),
        ("/rest/v1/email_logs?select=client_id,status,from_email&or=(status.eq.pending,status.eq.failed,from_email.like.*gmail*)&limit=5", {}),
        (f"/rest/v1/email_logs?select=client_id,message_id&processed_at=gte.{since}&order=processed_at.asc,id.desc&limit=20", {}),
        ("/rest/v1/ai_responses?select=*&limit=5&order=created_at.desc", {}),
        ("/rest/v1/analytics_events?select=client_id,event_type,timestamp&order=timestamp.desc&limit=10", {}),
        ("/rest/v1/email_logs?select=client_id,status&status=not.eq.processed&limit=10", {}),
    ]
    path, extra = rng.choice(choices)
    response = timed("read_logs", "GET", path, headers=tenant.headers(extra))
    check_isolation("read_logs", tenant, response)


def read_config(rng: random.Random, tenant: Tenant) -> None:
    choices = [
        ("/rest/v1/escalation_rules?select=*&order=priority.desc,name.asc", {}, "client_id"),
        (f"/rest/v1/profiles?select=id,client_config,managers&id=eq.{tenant.id}", {"Accept": "application/vnd.pgrst.object+json"}, "id"),
        ("/rest/v1/business_hours?select=*", {}, "client_id"),
        ("/rest/v1/notification_settings?select=*&sms_notifications=is.true", {}, "client_id"),
        ("/rest/v1/workflows?select=id,client_id,name,version&is_active=is.true&order=created_at.desc&limit=20", {}, "client_id"),
        ("/rest/v1/communication_styles?select=client_id,tone,formality", {}, "client_id"),
        ("/rest/v1/escalation_rules?select=client_id,name&priority=gte.50&is_active=eq.true", {}, "client_id"),
    ]
    path, extra, field = rng.choice(choices)
    response = timed("read_config", "GET", path, headers=tenant.headers(extra))
    check_isolation("read_config", tenant, response, field)


def read_count(rng: random.Random, tenant: Tenant) -> None:
    table = rng.choice(["email_logs", "escalation_rules", "analytics_events", "ai_responses"])
    timed("read_count", "HEAD", f"/rest/v1/{table}?select=*", headers=tenant.headers({"Prefer": "count=exact", "Range": "0-9"}))


def rule_body(tenant: Tenant, rng: random.Random) -> dict:
    return {"client_id": tenant.id, "name": f"soak rule {rng.randrange(1 << 30)}", "priority": rng.randint(1, 99),
            "is_active": False,
            "conditions": {"any": [{"fact": "category", "op": "eq", "value": rng.choice(["URGENT", "SALES", "SUPPORT"])}]},
            "actions": [{"type": "mark_escalated"}]}


def write_insert(rng: random.Random, tenant: Tenant) -> None:
    headers = tenant.headers({"Content-Type": "application/json", "Prefer": "return=representation"})
    if rng.random() < 0.6:
        response = timed("write_insert", "POST", "/rest/v1/escalation_rules?select=id,client_id", jbody(rule_body(tenant, rng)), headers)
        bucket = tenant.rules
    else:
        body = {"client_id": tenant.id, "name": f"soak flow {rng.randrange(1 << 30)}",
                "workflow_data": {"nodes": [{"id": "n1", "type": "gmail"}], "connections": {}}, "is_active": rng.random() < 0.5}
        response = timed("write_insert", "POST", "/rest/v1/workflows?select=id,client_id", jbody(body), headers)
        bucket = tenant.workflows
    check_isolation("write_insert", tenant, response)
    rows = response.json() if response.status == 201 else None
    if isinstance(rows, list) and rows:
        with tenant.rows_lock:
            bucket.append(rows[0]["id"])


def write_patch(rng: random.Random, tenant: Tenant) -> None:
    headers = tenant.headers({"Content-Type": "application/json", "Prefer": rng.choice(["return=minimal", "return=representation"])})
    with tenant.rows_lock:
        rule = rng.choice(tenant.rules) if tenant.rules else None
        flow = rng.choice(tenant.workflows) if tenant.workflows else None
    choice = rng.random()
    if choice < 0.4 and rule:
        timed("write_patch", "PATCH", f"/rest/v1/escalation_rules?id=eq.{rule}", jbody({"priority": rng.randint(1, 99)}), headers)
    elif choice < 0.7 and flow:
        timed("write_patch", "PATCH", f"/rest/v1/workflows?id=eq.{flow}", jbody({"version": rng.randint(1, 50), "is_active": rng.random() < 0.5}), headers)
    else:
        timed("write_patch", "PATCH", f"/rest/v1/notification_settings?client_id=eq.{tenant.id}",
              jbody({"push_notifications": rng.random() < 0.5, "escalation_alerts": rng.random() < 0.5}), headers)


def write_delete(rng: random.Random, tenant: Tenant) -> None:
    with tenant.rows_lock:
        bucket, table = rng.choice([(tenant.rules, "escalation_rules"), (tenant.workflows, "workflows")])
        victim = bucket.pop(rng.randrange(len(bucket))) if bucket else None
    if victim is None:
        write_insert(rng, tenant)
        return
    timed("write_delete", "DELETE", f"/rest/v1/{table}?id=eq.{victim}", headers=tenant.headers({"Prefer": "return=minimal"}))


def write_rollback(rng: random.Random, tenant: Tenant) -> None:
    timed("write_rollback", "POST", "/rest/v1/escalation_rules", jbody([rule_body(tenant, rng) for _ in range(rng.randint(1, 5))]),
          tenant.headers({"Content-Type": "application/json", "Prefer": "tx=rollback,return=minimal"}))


def normalized_messages(rng: random.Random, tenant: Tenant, count: int) -> list[dict]:
    jsons = [body for suffix, body in templates[tenant.industry] if suffix == ".json"]
    messages = []
    for _ in range(count):
        message = json.loads(rng.choice(jsons))
        message["message_id"] = next_message_id()
        if rng.random() < 0.2:  # valid but unusual unicode in the subject
            message["subject"] = (message.get("subject") or "") + " " + random_unicode(rng, 8)
        messages.append(message)
    return messages


def remember(tenant: Tenant, ids: list[str]) -> None:
    with accepted_lock:
        accepted[tenant.id].update(ids)
    with tenant.rows_lock:
        tenant.sent_ids.extend(ids)
        del tenant.sent_ids[:-200]


def ingest_json(rng: random.Random, tenant: Tenant) -> None:
    messages = normalized_messages(rng, tenant, rng.choice([1, 1, 2, 3, 5]))
    body = messages[0] if len(messages) == 1 and rng.random() < 0.5 else rng.choice([messages, {"messages": messages}])
    response = timed("ingest_json", "POST", "/api/v1/emails", jbody(body), tenant.headers({"Content-Type": "application/json"}))
    if response.status in (200, 201):
        remember(tenant, [m["message_id"] for m in messages])


def ingest_rfc822(rng: random.Random, tenant: Tenant) -> None:
    emls = [body for suffix, body in templates[tenant.industry] if suffix == ".eml"]
    message_id = next_message_id()
    response = timed("ingest_rfc822", "POST", "/api/v1/emails", with_message_id(rng.choice(emls), message_id),
                     tenant.headers({"Content-Type": "message/rfc822"}))
    if response.status in (200, 201):
        remember(tenant, [message_id])


def ingest_redelivery(rng: random.Random, tenant: Tenant) -> None:
    with tenant.rows_lock:
        known = rng.choice(tenant.sent_ids) if tenant.sent_ids else None
    if known is None:
        ingest_json(rng, tenant)
        return
    jsons = [body for suffix, body in templates[tenant.industry] if suffix == ".json"]
    message = json.loads(rng.choice(jsons))
    message["message_id"] = known
    timed("ingest_redelivery", "POST", "/api/v1/emails", jbody(message), tenant.headers({"Content-Type": "application/json"}))


def signin_ok(rng: random.Random, tenant: Tenant) -> None:
    response = timed("signin_ok", "POST", "/auth/v1/token?grant_type=password", jbody({"email": tenant.email, "password": tenant.password}),
                     {"apikey": anon_key, "Content-Type": "application/json"}, source=tenant.address)
    session = response.json() if response.status == 200 else None
    if not session:
        return
    if rng.random() < 0.3:
        # A second device signs in and out again (scope=local: GoTrue's default, global, would end every session of
        # the user, the one the other loops use included).
        timed("logout", "POST", "/auth/v1/logout?scope=local", b"", {"apikey": anon_key, "Authorization": f"Bearer {session['access_token']}"})
    else:
        with tenant.session_lock:
            tenant.adopt(session)


def signin_bad(rng: random.Random, tenant: Tenant) -> None:
    # Wrong passwords come from 127.0.1.x / 127.0.2.x, not from the tenants' own addresses, so that per-address
    # throttling never locks out the right sign-ins, and mostly name unknown emails (per-email throttling).
    email = tenant.email if rng.random() < 0.03 else f"nobody-{rng.randrange(1 << 40)}@soak.test"
    source = f"127.0.{rng.randint(1, 2)}.{rng.randint(1, 254)}"
    timed("signin_bad", "POST", "/auth/v1/token?grant_type=password", jbody({"email": email, "password": "wrong-password-123"}),
          {"apikey": anon_key, "Content-Type": "application/json"}, source=source)


def refresh(rng: random.Random, tenant: Tenant) -> None:
    # One refresh at a time per tenant: presenting a rotated refresh token twice would (rightly) revoke the session.
    with tenant.session_lock:
        response = timed("refresh", "POST", "/auth/v1/token?grant_type=refresh_token", jbody({"refresh_token": tenant.refresh}),
                         {"apikey": anon_key, "Content-Type": "application/json"})
        if response.status == 200:
            tenant.adopt(response.json())


def get_user(rng: random.Random, tenant: Tenant) -> None:
    response = timed("get_user", "GET", "/auth/v1/user", headers=tenant.headers())
    body = response.json() if response.status == 200 else None
    if isinstance(body, dict) and body.get("id") != tenant.id:
        with stats.lock:
            isolation_violations.append(f"get_user: tenant {tenant.id} got user {body.get('id')}")


def health(rng: random.Random, tenant: Tenant) -> None:
    timed("health", "GET", "/health")


# --- hostile request kinds ------------------------------------------------------------------------------------

def random_unicode(rng: random.Random, length: int) -> str:
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x590, 0x6FF), (0x900, 0x97F), (0x3040, 0x30FF),
              (0x4E00, 0x4FFF), (0xFE00, 0xFE0F), (0xFFF0, 0xFFFD), (0x1F300, 0x1F64F), (0x10000, 0x1007F),
              (0xE0000, 0xE007F), (0x1, 0x1F), (0x200B, 0x200F), (0x202A, 0x202E)]
    chars = []
    for _ in range(length):
        low, high = rng.choice(ranges)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(header: dict, payload: dict, secret: bytes | None) -> str:
    signing = f"{b64url(jbody(header))}.{b64url(jbody(payload))}"
    signature = hmac.new(secret, signing.encode(), hashlib.sha256).digest() if secret is not None else b""
    return f"{signing}.{b64url(signature)}"


def h_range(rng: random.Random, tenant: Tenant) -> None:
    variant = rng.choice(["overflow", "int64", "reversed", "limit_overflow", "offset_huge"])
    path = "/rest/v1/email_logs?select=id,client_id&order=processed_at.desc"
    headers = tenant.headers()
    if variant == "overflow":
        headers["Range"] = "0-" + "9" * rng.randint(20, 200)
        kind = "h_range_overflow"
    elif variant == "int64":
        headers["Range"] = rng.choice(["9223372036854775806-9223372036854775807", "0-9223372036854775807", "1000000000-2000000000"])
        kind = "h_range_int64"
    elif variant == "reversed":
        headers["Range"] = rng.choice(["10-5", "-5-10", "abc-def", "0--1", "5-"])
        kind = "h_range_invalid"
    elif variant == "limit_overflow":
        path += "&limit=" + rng.choice(["9" * 30, "-1", "1e9", "0x10", "9223372036854775808"])
        kind = "h_limit_invalid"
    else:
        path += "&limit=10&offset=" + rng.choice(["9223372036854775807", "99999999999999999999999"])
        kind = "h_offset_huge"
    response = timed(kind, "GET", path, headers=headers, fresh=True)
    check_isolation(kind, tenant, response)


def h_or_nested(rng: random.Random, tenant: Tenant) -> None:
    depth = rng.choice([args.or_depth, max(1, args.or_depth // 10)])
    inner = "status.eq.processed"
    for _ in range(depth - 1):
        inner = f"or(status.eq.pending,{inner})"
    timed("h_or_nested", "GET", f"/rest/v1/email_logs?select=id&limit=1&or=({inner})", headers=tenant.headers(), fresh=True)


def h_body_big(rng: random.Random, tenant: Tenant) -> None:
    size = rng.choice([1, 10])
    kind = f"h_body_{size}mb"
    target, content_type = rng.choice([("/rest/v1/escalation_rules", "application/json"), ("/api/v1/emails", "application/json"),
                                       ("/auth/v1/signup", "application/json"), ("/rest/v1/workflows", "application/json")])
    # Invalid as a whole: either not JSON at all or one row whose name is a huge string of the wrong type of row.
    if rng.random() < 0.5:
        body = b"{" + b"x" * (size * MB) + b"}"
    else:
        body = b'{"client_id": 42, "name": "' + b"a" * (size * MB) + b'", "no_such_column": true}'
    headers = tenant.headers({"Content-Type": content_type}) if not target.startswith("/auth") else {"apikey": anon_key, "Content-Type": content_type}
    timed(kind, "POST", target, body, headers, fresh=True)


def h_garbage_json(rng: random.Random, tenant: Tenant) -> None:
    garbage = rng.choice([b"{", b"[1,2", b'{"a":}', b"\xff\xfe\x00garbage", b"null", b"1e999999", b'"just a string"',
                          b'{"email": ' + b"1" * 5000 + b"}", bytes(rng.randrange(256) for _ in range(rng.randint(1, 2000))),
                          b'{"a": "\\ud800"}', b"[" * 10 + b"]" * 9, b"{}" * 100])
    target = rng.choice(["/rest/v1/escalation_rules", "/api/v1/emails", "/auth/v1/token?grant_type=password", "/auth/v1/signup",
                         f"/rest/v1/workflows?id=eq.{uuid.uuid4()}"])
    method = "PATCH" if "id=eq." in target else "POST"
    headers = tenant.headers({"Content-Type": "application/json"}) if not target.startswith("/auth") else {"apikey": anon_key, "Content-Type": "application/json"}
    timed("h_garbage_json", method, target, garbage, headers, fresh=True)


def h_deep_json(rng: random.Random, tenant: Tenant) -> None:
    depth = args.json_depth
    body = rng.choice([b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth, b"[" * depth])
    target = rng.choice(["/rest/v1/escalation_rules", "/api/v1/emails", "/auth/v1/signup", "/auth/v1/token?grant_type=password"])
    headers = tenant.headers({"Content-Type": "application/json"}) if not target.startswith("/auth") else {"apikey": anon_key, "Content-Type": "application/json"}
    timed("h_deep_json", "POST", target, body, headers, fresh=True)


def h_deep_jsonb_value(rng: random.Random, tenant: Tenant) -> None:
    # A well-formed row whose JSONB column is deeply nested: it reaches the database's JSON handling.
    depth = rng.choice([1000, 10_000, args.json_depth])
    nested = "[" * depth + "]" * depth
    body = ('{"client_id": "%s", "name": "deep", "workflow_data": %s}' % (tenant.id, nested)).encode()
    timed("h_deep_jsonb", "POST", "/rest/v1/workflows", body, tenant.headers({"Content-Type": "application/json", "Prefer": "return=minimal"}), fresh=True)


def h_nul(rng: random.Random, tenant: Tenant) -> None:
    path = rng.choice(["/rest/v1/email_logs?select=id%00,subject", "/rest/v1/email_logs?select=%00",
                       "/rest/v1/email_logs?subject=eq.a%00b", "/rest/v1/escalation_rules?name=like.*%00*",
                       "/rest/v1/email_logs?order=subject%00.desc", "/rest/v1/email_logs?or=(subject.eq.%00)",
                       "/rest/v1/email%00_logs"])
    timed("h_nul", "GET", path, headers=tenant.headers(), fresh=True)


def h_unicode_filter(rng: random.Random, tenant: Tenant) -> None:
    value = random_unicode(rng, rng.randint(1, 40))
    variant = rng.random()
    if variant < 0.5:
        column = rng.choice(["subject", "from_email", "message_id"])
        op = rng.choice(["eq", "ilike", "like", "neq", "in", "cs"])
        operand = f"({q(value)})" if op == "in" else (q("{" + value + "}") if op == "cs" else q(value))
        kind, path = "h_unicode_value", f"/rest/v1/email_logs?select=id,client_id&{column}={op}.{operand}&limit=5"
    elif variant < 0.8:
        kind, path = "h_unicode_column", f"/rest/v1/email_logs?select=id&{q(value)}=eq.1"
    else:
        junk = "".join(f"%{rng.randint(0x80, 0xFF):02X}" for _ in range(rng.randint(1, 10)))
        kind, path = "h_invalid_utf8", f"/rest/v1/email_logs?select=id,client_id&subject=eq.{junk}&limit=5"
    response = timed(kind, "GET", path, headers=tenant.headers(), fresh=True)
    check_isolation(kind, tenant, response)


def h_json_escapes(rng: random.Random, tenant: Tenant) -> None:
    # \u0000 and lone surrogates are valid JSON text but not valid PostgreSQL text/jsonb.
    nasty = rng.choice(["\\u0000", "\\ud800", "\\udfff", "a\\u0000b", "\\ud83d"])
    message = normalized_messages(rng, tenant, 1)[0]
    field = rng.choice(["subject", "text", "message_id"])
    raw = json.dumps(message).replace(json.dumps(field) + ": " + json.dumps(message.get(field)), json.dumps(field) + ': "x' + nasty + '"', 1)
    response = timed("h_json_escapes", "POST", "/api/v1/emails", raw.encode(), tenant.headers({"Content-Type": "application/json"}), fresh=True)
    if response.status in (200, 201):
        # Accepted after sanitising: count it so that the final-state check covers it (message_id may have changed).
        if field != "message_id":
            remember(tenant, [message["message_id"]])


def h_forged_jwt(rng: random.Random, tenant: Tenant) -> None:
    now = int(time.time())
    claims = {"sub": tenant.id, "role": "authenticated", "aud": "authenticated", "exp": now + 3600, "iat": now}
    variant = rng.choice(["none", "wrong_key", "service_forged", "expired", "tampered", "garbage", "huge", "hs512", "empty_sig"])
    if variant == "none":
        token = jwt({"alg": "none", "typ": "JWT"}, {**claims, "role": "service_role"}, None)
    elif variant == "wrong_key":
        token = jwt({"alg": "HS256", "typ": "JWT"}, claims, os.urandom(32))
    elif variant == "service_forged":
        token = jwt({"alg": "HS256", "typ": "JWT"}, {**claims, "role": "service_role", "sub": None}, b"super-secret-jwt-token-with-at-least-32-characters-long")
    elif variant == "expired":
        secret = jwt_secret.encode() if jwt_secret else os.urandom(32)
        token = jwt({"alg": "HS256", "typ": "JWT"}, {**claims, "exp": now - 60, "iat": now - 3660}, secret)
    elif variant == "tampered":
        header, _, signature = tenant.access.split(".")
        token = f"{header}.{b64url(jbody({**claims, 'role': 'service_role'}))}.{signature}"
    elif variant == "garbage":
        token = rng.choice(["a.b.c", "....", "x" * 100, "eyJ.eyJ.", "\u00e9\u00e9.\u00e9.\u00e9"]).encode("utf-8").decode("latin-1")
    elif variant == "huge":
        token = jwt({"alg": "HS256", "typ": "JWT"}, {**claims, "pad": "p" * rng.choice([10_000, 60_000])}, os.urandom(32))
    elif variant == "hs512":
        token = jwt({"alg": "HS512", "typ": "JWT"}, claims, os.urandom(64))
    else:
        token = tenant.access.rsplit(".", 1)[0] + "."
    target = rng.choice(["/rest/v1/email_logs?select=id&limit=1", "/auth/v1/user", "/api/v1/emails", "/rest/v1/subscriptions?select=*"])
    method = "POST" if target == "/api/v1/emails" else "GET"
    body = jbody(normalized_messages(rng, tenant, 1)[0]) if method == "POST" else None
    headers = {"apikey": anon_key if rng.random() < 0.7 else token, "Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    timed("h_forged_jwt", method, target, body, headers, fresh=True)


def h_misc(rng: random.Random, tenant: Tenant) -> None:
    variant = rng.choice(["unknown_table", "traversal", "billing_write", "no_apikey", "bad_method", "unknown_column",
                          "bad_operator", "patch_no_filter", "ingest_other_tenant", "bad_content_type"])
    headers = tenant.headers({"Content-Type": "application/json"})
    kind = f"h_misc:{variant}"
    if variant == "unknown_table":
        response = timed(kind, "GET", f"/rest/v1/no_such_table_{rng.randrange(1000)}", headers=headers, fresh=True)
    elif variant == "traversal":
        response = timed(kind, "GET", rng.choice(["/rest/v1/..%2f..%2fetc%2fpasswd", "/rest/v1/pg_catalog.pg_authid",
                                                     "/rest/v1/auth.users", "/rest/v1/floworx.refresh_tokens"]), headers=headers, fresh=True)
    elif variant == "billing_write":
        response = timed(kind, "POST", rng.choice(["/rest/v1/subscriptions", "/rest/v1/invoices"]),
                         jbody({"client_id": tenant.id, "status": "active", "amount": 0}), headers, fresh=True)
    elif variant == "no_apikey":
        response = timed(kind, "GET", "/rest/v1/email_logs?select=id", fresh=True)
    elif variant == "bad_method":
        method = rng.choice(["PUT", "TRACE", "CONNECT"])
        response = timed(f"{kind}_{method}", method, "/rest/v1/email_logs", b"{}", headers, fresh=True)
    elif variant == "unknown_column":
        response = timed(kind, "GET", "/rest/v1/email_logs?select=nope,also_nope(*)", headers=headers, fresh=True)
    elif variant == "bad_operator":
        response = timed(kind, "GET", "/rest/v1/email_logs?subject=regexp.*&status=eq", headers=headers, fresh=True)
    elif variant == "patch_no_filter":
        response = timed(kind, "PATCH", "/rest/v1/escalation_rules", jbody({"priority": 1}), headers, fresh=True)
    elif variant == "ingest_other_tenant":
        other = rng.choice(tenants)
        if other is tenant:
            other_id = str(uuid.uuid4())
        else:
            other_id = other.id
        response = timed(kind, "POST", f"/api/v1/emails?client_id={other_id}", jbody(normalized_messages(rng, tenant, 1)[0]), headers, fresh=True)
    else:
        response = timed(kind, "POST", "/api/v1/emails", b"<xml/>", tenant.headers({"Content-Type": "application/xml"}), fresh=True)


# Weights per 1,000 requests, roughly; hostile kinds about 6 %.
MIX = [
    (read_logs, 300), (read_config, 150), (read_count, 40), (write_insert, 60), (write_patch, 70), (write_delete, 45),
    (write_rollback, 15), (ingest_json, 70), (ingest_rfc822, 45), (ingest_redelivery, 10), (signin_ok, 8),
    (signin_bad, 8), (refresh, 15), (get_user, 40), (health, 20),
    (h_range, 10), (h_or_nested, 4), (h_body_big, 3), (h_garbage_json, 8), (h_deep_json, 3), (h_deep_jsonb_value, 3),
    (h_nul, 6), (h_unicode_filter, 10), (h_json_escapes, 4), (h_forged_jwt, 10), (h_misc, 8),
]

# The statuses each kind may answer. Hostile kinds: 4xx, and 2xx only where the request is in fact valid.
OK_2XX = {200, 201, 204, 206}
EXPECTED = {
    "read_logs": {200, 206}, "read_config": {200, 206}, "read_count": {200, 206}, "write_insert": {201},
    "write_patch": {200, 204}, "write_delete": {200, 204}, "write_rollback": {201, 204}, "ingest_json": {200, 201},
    "ingest_rfc822": {200, 201}, "ingest_redelivery": {200}, "signin_ok": {200}, "signin_bad": {400, 429},
    "refresh": {200}, "logout": {204}, "get_user": {200}, "health": {200},
    "keepalive_retry": {"RemoteDisconnected", "BrokenPipeError", "ConnectionResetError", "BadStatusLine"},
    "h_range_overflow": {400, 416}, "h_range_int64": {200, 206, 416}, "h_range_invalid": {200, 206, 400, 416},
    "h_limit_invalid": {400}, "h_offset_huge": {200, 206, 400, 416},
    "h_or_nested": {400, 414, 431}, "h_body_1mb": {400, 401, 413, 422}, "h_body_10mb": {400, 401, 413, 422, "reset", "closed"},
    "h_garbage_json": {400, 413, 415, 422}, "h_deep_json": {400, 413, 422}, "h_deep_jsonb": {201, 400, 413, 422},
    "h_nul": {400, 404}, "h_unicode_value": {200, 206, 400, 404}, "h_unicode_column": {400}, "h_invalid_utf8": {200, 206, 400},
    "h_json_escapes": {200, 201, 400, 422}, "h_forged_jwt": {400, 401, 403, 431}, "h_misc": {400, 401, 403, 404, 405, 406, 415, 501},
}


def expected(kind: str) -> set:
    """The allowed statuses of a kind; `h_misc:<variant>` kinds share those of `h_misc`."""
    return EXPECTED.get(kind) or EXPECTED.get(kind.split(":")[0]) or set()


def load_loop(index: int, deadline: float, rate_gate) -> None:
    rng = random.Random(seed * 1000 + index)
    functions, weights = zip(*MIX)
    while not stop.is_set() and time.monotonic() < deadline:
        if not rate_gate(deadline):
            break
        function = rng.choices(functions, weights)[0]
        tenant = rng.choice(tenants)
        try:
            function(rng, tenant)
        except Exception as error:  # a bug of this script must not end the loop silently
            stats.record(function.__name__, f"script-error:{type(error).__name__}", 0.0, str(error).encode())


def make_rate_gate(rate: float):
    """A shared pacer: request slots every 1/rate seconds; a loop that falls behind does not burst to catch up."""
    lock = threading.Lock()
    state = {"next": time.monotonic()}

    def gate(deadline: float) -> bool:
        with lock:
            now = time.monotonic()
            slot = max(state["next"], now)
            state["next"] = slot + 1.0 / rate
        wait = slot - time.monotonic()
        if slot >= deadline:
            return False
        if wait > 0:
            stop.wait(wait)
        return not stop.is_set()

    return gate


# --- slowloris ------------------------------------------------------------------------------------------------

slow = {"opened": 0, "closed_by_server": 0, "answered": Counter(), "close_after": [], "open_at_end": 0,
        "oldest_open_at_end_s": 0.0, "connect_errors": 0}


def slowloris(count: int, deadline: float) -> None:
    """Keeps `count` half-sent requests open: half stall after a partial header, half trickle one header byte every
    5 s. Records how long the server takes to close each one (or what it answers)."""
    rng = random.Random(seed + 7)
    sockets: dict[socket.socket, dict] = {}

    def open_one() -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
            mode = "stall" if len(sockets) % 2 == 0 else "trickle"
            partial = rng.choice([b"GET /rest/v1/email_logs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", b"POST /api/v1/emails HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"",
                                  b"GET /health HTTP/1.1\r\n", b"GE"])
            sock.sendall(partial)
            sock.setblocking(False)
            sockets[sock] = {"opened": time.monotonic(), "mode": mode, "last": time.monotonic()}
            slow["opened"] += 1
        except OSError:
            slow["connect_errors"] += 1

    while not stop.is_set() and time.monotonic() < deadline:
        while len(sockets) < count and not stop.is_set():
            open_one()
        now = time.monotonic()
        for sock, info in list(sockets.items()):
            try:
                data = sock.recv(4096)
                # The server answered (e.g. 408) or closed (b"").
                if data:
                    match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
                    slow["answered"][int(match.group(1)) if match else "other"] += 1
                slow["closed_by_server"] += 1
                slow["close_after"].append(now - info["opened"])
                sock.close()
                del sockets[sock]
                continue
            except BlockingIOError:
                pass
            except OSError:
                slow["closed_by_server"] += 1
                slow["close_after"].append(now - info["opened"])
                sock.close()
                del sockets[sock]
                continue
            if info["mode"] == "trickle" and now - info["last"] >= 5:
                try:
                    sock.send(b"a")
                    info["last"] = now
                except OSError:
                    pass
        stop.wait(1.0)
    now = time.monotonic()
    slow["open_at_end"] = len(sockets)
    slow["oldest_open_at_end_s"] = round(max((now - i["opened"] for i in sockets.values()), default=0.0), 1)
    for sock in sockets:
        sock.close()


# --- report ---------------------------------------------------------------------------------------------------

verdicts: list[tuple[str, bool, str]] = []


def verdict(name: str, ok: bool, detail: str = "") -> None:
    verdicts.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}{(': ' + detail) if detail else ''}", flush=True)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def ascii_curve(rows: list[dict], key: str, label: str, width: int = 50) -> None:
    values = [r[key] / 1024 for r in rows]
    if not values:
        return
    low, high = min(values), max(values)
    span = max(high - low, 1e-9)
    print(f"\n{label} (MB), min {low:.1f}, max {high:.1f}:")
    for row, value in zip(rows, values):
        bar = "#" * (1 + int((value - low) / span * (width - 1))) if high > low else "#" * (width // 2)
        print(f"  {row['t_s']:>7.0f}s {value:8.1f} |{bar}")


def flat(rows: list[dict], key: str) -> tuple[bool, str]:
    values = [r[key] for r in rows]
    if len(values) < 3:
        return False, f"only {len(values)} samples"
    n = len(values)
    middle = values[n // 3: 2 * n // 3] or values[n // 3: n // 3 + 1]
    last = values[2 * n // 3:]
    mid_mean, last_mean = statistics.mean(middle) / 1024, statistics.mean(last) / 1024
    growth = last_mean - mid_mean
    ok = growth < max(0.10 * mid_mean, 20.0)
    return ok, (f"middle third {mid_mean:.1f} MB, last third {last_mean:.1f} MB, growth {growth:+.1f} MB "
                f"({(growth / mid_mean * 100) if mid_mean else 0:+.1f} %; limit 10 % or 20 MB)")


def stop_server() -> tuple[bool, str]:
    if server is None:
        return False, "no server"
    if server.poll() is not None:
        return False, f"it had already exited with {server.returncode}"
    server.send_signal(signal.SIGINT)
    try:
        code = server.wait(timeout=90)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return False, "still running 90 s after SIGINT (killed)"
    return code == 0, f"exit status {code}"


def main() -> int:
    global anon_key, service_key, started_at, jwt_secret
    log(f"soak: {binary}, {args.minutes} min, {args.tenants} tenants, {args.rate} req/s over {args.threads} loops, "
        f"seed {seed}; work dir {work}; output {out_dir}")
    if not binary.exists():
        raise SystemExit(f"no binary at {binary}")
    start_server()
    keys = json.loads(subprocess.run([str(binary), "keys", "show", "--json", "--data-dir", str(data_dir)], env=env,
                                     capture_output=True, text=True, check=True).stdout)
    anon_key, service_key = keys["anon_key"], keys["service_role_key"]
    jwt_secret = read_secrets().get("JWT_SECRET", "")
    log(f"server pid {server.pid} on port {PORT}; PostgreSQL postmaster {postmaster_pid()}")
    load_templates()
    for index in range(args.tenants):
        tenant = Tenant(index, INDUSTRIES[index % len(INDUSTRIES)])
        set_up_tenant(tenant)
        tenants.append(tenant)
    log(f"{len(tenants)} tenants signed up and configured")

    started_at = time.monotonic()
    take_sample()
    deadline = started_at + args.minutes * 60
    gate = make_rate_gate(args.rate)
    threads = [threading.Thread(target=load_loop, args=(i, deadline, gate), daemon=True) for i in range(args.threads)]
    threads.append(threading.Thread(target=slowloris, args=(args.slowloris, deadline), daemon=True))
    sampler_thread = threading.Thread(target=sampler, args=(args.sample_seconds,), daemon=True)
    for thread in threads:
        thread.start()
    sampler_thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + args.request_timeout * 2 + 30)
    load_seconds = time.monotonic() - started_at
    stop.set()
    sampler_thread.join(timeout=30)
    take_sample()
    stuck = [t.name for t in threads if t.is_alive()]
    total, server_errors = stats.snapshot()
    log(f"load finished after {load_seconds:.0f} s: {total} requests ({total / max(1.0, load_seconds):.1f}/s)"
        + (f"; {len(stuck)} loops still busy" if stuck else ""))

    # The queue drains; then every accepted email must be in a final state.
    alive = server.poll() is None
    drained = False
    remaining = -1
    if alive:
        drain_deadline = time.monotonic() + args.drain_timeout
        best, best_at = None, time.monotonic()
        try:
            while time.monotonic() < drain_deadline and server.poll() is None:
                try:
                    remaining = int(psql("SELECT count(*) FROM email_queue WHERE status IN ('pending','processing')")[0][0])
                except Exception as error:
                    log(f"queue check failed: {error}")
                    remaining = -1
                if remaining == 0:
                    drained = True
                    break
                if best is None or 0 <= remaining < best:
                    best, best_at = remaining, time.monotonic()
                elif time.monotonic() - best_at > args.drain_stall:
                    log(f"the queue has not shrunk for {args.drain_stall:.0f} s ({remaining} open jobs): giving up")
                    break
                time.sleep(2)
        except KeyboardInterrupt:
            log("drain interrupted")
        log(f"queue {'drained' if drained else f'not drained ({remaining} open jobs)'} {time.monotonic() - started_at - load_seconds:.0f} s after the load")
    final_states: Counter = Counter()
    missing = not_final = 0
    accepted_count = sum(len(ids) for ids in accepted.values())
    email_check_error = ""
    try:
        rows = psql("SELECT client_id, message_id, status FROM email_logs")
        found = {(client, message): status for client, message, status in rows}
        for client, ids in accepted.items():
            for message in ids:
                status = found.get((client, message))
                if status is None:
                    missing += 1
                else:
                    final_states[status] += 1
                    if status not in ("processed", "escalated", "failed"):
                        not_final += 1
    except Exception as error:
        email_check_error = str(error)
    final_sample = take_sample()

    print()
    print("=" * 100)
    print(f"{'kind':<28}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}  statuses")
    for kind in sorted(stats.statuses):
        counts = stats.statuses[kind]
        lat = stats.latencies[kind]
        print(f"{kind:<28}{sum(counts.values()):>9}{percentile(lat, 0.5) * 1000:>9.1f}{percentile(lat, 0.99) * 1000:>9.1f}"
              f"{max(lat, default=0) * 1000:>9.1f}  " + ", ".join(f"{s}: {c}" for s, c in sorted(counts.items(), key=lambda x: str(x[0]))))
    print(f"\nslowloris: {slow['opened']} opened, {slow['closed_by_server']} closed by the server "
          f"(median after {statistics.median(slow['close_after']) if slow['close_after'] else 0:.1f} s, max "
          f"{max(slow['close_after'], default=0):.1f} s; answers {dict(slow['answered'])}), {slow['open_at_end']} still open at the end "
          f"(oldest {slow['oldest_open_at_end_s']} s)")

    print(f"\n{'t (s)':>7} {'srv RSS':>8} {'srv PSS':>8} {'pg PSS':>8} {'pg RSS':>8} {'procs':>5} {'backends':>8} {'req/s':>7} {'5xx':>5} {'queue':>6} {'logs':>7}")
    for r in samples:
        print(f"{r['t_s']:>7.0f} {r['server_rss_kb'] / 1024:>8.1f} {r['server_pss_kb'] / 1024:>8.1f} {r['pg_pss_kb'] / 1024:>8.1f} "
              f"{r['pg_rss_kb'] / 1024:>8.1f} {r['pg_processes']:>5} {r['pg_backends']:>8} {r['req_per_s']:>7.1f} {r['http_5xx']:>5} "
              f"{r['queue_open']:>6} {r['email_logs']:>7}")
    # The planned load window: loops that finish a slow request after the deadline do not stretch it.
    load_samples = [r for r in samples if r["t_s"] <= args.minutes * 60 + 1]
    ascii_curve(load_samples, "server_rss_kb", "server RSS")
    ascii_curve(load_samples, "pg_pss_kb", "PostgreSQL PSS (postmaster + children)")
    print()

    # --- verdicts ---
    verdict("server never exited during the load", not server_died_at and alive,
            f"exited at t={server_died_at[0]} s" if server_died_at else ("" if alive else "not running at the end"))
    verdict("PostgreSQL never restarted (one postmaster pid)", len(postmasters) == 1, f"postmaster pids seen: {sorted(postmasters)}")
    five = {kind: sum(c for s, c in counts.items() if isinstance(s, int) and s >= 500) for kind, counts in stats.statuses.items()}
    verdict("no 5xx", server_errors == 0, ", ".join(f"{k}: {v}" for k, v in sorted(five.items()) if v) or f"{total} requests")
    hostile_bad = {}
    normal_bad = {}
    for kind, counts in stats.statuses.items():
        allowed = expected(kind)
        unexpected = {s: c for s, c in counts.items() if s not in allowed}
        if unexpected:
            (hostile_bad if kind.startswith("h_") else normal_bad)[kind] = unexpected
    verdict("hostile requests answered as expected (4xx; 2xx only where valid)", not hostile_bad,
            "; ".join(f"{k} {v}" for k, v in sorted(hostile_bad.items())) or f"{sum(sum(stats.statuses[k].values()) for k in stats.statuses if k.startswith('h_'))} requests")
    verdict("normal requests answered as expected", not normal_bad, "; ".join(f"{k} {v}" for k, v in sorted(normal_bad.items())))
    slow_ok = slow["opened"] > 0 and slow["oldest_open_at_end_s"] <= args.slowloris_limit and all(a <= args.slowloris_limit for a in slow["close_after"]) \
        and not any(isinstance(s, int) and s >= 500 for s in slow["answered"])
    verdict(f"slowloris sockets closed by the server within {args.slowloris_limit:.0f} s", slow_ok,
            f"{slow['closed_by_server']}/{slow['opened']} closed, {slow['open_at_end']} open at the end (oldest {slow['oldest_open_at_end_s']} s)")
    verdict("no row of another tenant returned", not isolation_violations, "; ".join(isolation_violations[:5]))
    verdict("the queue drained", drained, f"{remaining} open jobs" if not drained else "")
    verdict("every accepted email has an email_logs row in a final state",
            not email_check_error and missing == 0 and not_final == 0 and accepted_count > 0,
            email_check_error or f"{accepted_count} accepted, {missing} missing, {not_final} not final; states {dict(final_states)}")
    flat_server = flat(load_samples, "server_rss_kb")
    flat_pg = flat(load_samples, "pg_pss_kb")
    verdict("server RSS flat after warm-up", *flat_server)
    verdict("PostgreSQL PSS flat after warm-up", *flat_pg)
    stopped, stop_detail = stop_server()
    verdict("SIGINT stops the server cleanly", stopped, stop_detail)
    time.sleep(1)
    leftover = subprocess.run(["pgrep", "-f", f"-D {data_dir}"], capture_output=True, text=True).stdout.split()
    verdict("no postgres process of the data dir remains", not leftover, " ".join(leftover))

    # --- files ---
    with open(out_dir / "samples.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(samples[0].keys()))
        writer.writeheader()
        writer.writerows(samples)
    summary = {
        "settings": {**vars(args), "seed": seed, "binary": str(binary)},
        "load_seconds": round(load_seconds, 1), "requests": total, "requests_per_second": round(total / max(1.0, load_seconds), 1),
        "statuses": {kind: {str(s): c for s, c in counts.items()} for kind, counts in stats.statuses.items()},
        "latency_ms": {kind: {"p50": round(percentile(l, 0.5) * 1000, 2), "p99": round(percentile(l, 0.99) * 1000, 2),
                              "max": round(max(l, default=0) * 1000, 2)} for kind, l in stats.latencies.items()},
        "unexpected_examples": {f"{k}|{s}": body for (k, s), body in stats.examples.items()
                                if s not in expected(k) or (isinstance(s, int) and s >= 500)},
        "slowloris": {**slow, "answered": {str(k): v for k, v in slow["answered"].items()},
                      "close_after": [round(x, 1) for x in slow["close_after"]]},
        "emails": {"accepted": accepted_count, "missing": missing, "not_final": not_final, "states": dict(final_states)},
        "isolation_violations": isolation_violations[:50],
        "samples": samples,
        "verdicts": [{"criterion": n, "pass": ok, "detail": d} for n, ok, d in verdicts],
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    try:
        log_text = server_log_path.read_bytes()
        (out_dir / "server.log").write_bytes(log_text[-20 * MB:])
    except OSError:
        pass
    failed = [n for n, ok, _ in verdicts if not ok]
    print()
    if summary["unexpected_examples"]:
        print("first answer of each unexpected status:")
        for key, body in sorted(summary["unexpected_examples"].items()):
            print(f"  {key}: {body[:200]!r}")
        print()
    print(f"details: {out_dir}")
    if failed:
        print(f"soak FAILED: {', '.join(failed)}")
        return 1
    print(f"soak passed: {total} requests over {load_seconds / 60:.1f} min, 0 5xx, memory flat, every accepted email final")
    return 0


jwt_secret = ""
if __name__ == "__main__":
    code = 2
    try:
        code = main()
    except KeyboardInterrupt:
        stop.set()
        code = 130
    finally:
        stop.set()
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=90)
            except subprocess.TimeoutExpired:
                server.kill()
        if code == 0 and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work directory kept: {work} (server log {server_log_path})")
    sys.exit(code)
