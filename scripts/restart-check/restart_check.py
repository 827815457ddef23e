"""Issue 14, deliverable 5: a database restart under load.

Runs a real `floworx serve` (API and in-process workers) on its own PostgreSQL cluster (DATABASE_URL; the cluster is
started and stopped with pg_ctl, as an operator's would be), drives load (data API reads, email ingestion, /ready
and /health probes), stops PostgreSQL with `pg_ctl stop -m fast`, waits 10 s, starts it again, keeps the load
running, and then checks:
- while the database is down the API answers 503 with the stable code (PGRST000 on the data API,
  database_unavailable on /api/v1), never 500, and no request takes longer than the bound;
- /ready reports not ready while it is down and ready again after;
- the API recovers unaided: how many seconds of 503 follow the database's return (printed, for docs/performance.md);
- the workers resume: every ingested email is processed exactly once (email_logs and ai_responses against the ids
  the API accepted; senders retry a 503, as a mail relay does);
- SIGTERM drains: a stop while a backlog is being worked leaves no job claimed, and a new server finishes the rest.
Exits 1 when a check fails."""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from floworx_run import MAILBOX, ROOT, Run, fresh_env, free_port  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="directory holding the floworx binary")
parser.add_argument("--outage-seconds", type=float, default=10)
parser.add_argument("--load-threads", type=int, default=6)
parser.add_argument("--max-latency", type=float, default=8.0, help="bound on any one request's latency, seconds")
parser.add_argument("--acquire-timeout", type=float, default=2.0, help="FLOWORX_DB_ACQUIRE_TIMEOUT_SECONDS")
args = parser.parse_args()

work = ROOT / ".build" / "restart-check"
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
os.chmod(work, 0o755)
floworx = str(Path(args.bin).resolve() / "floworx")
data = work / "pg"
as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
pg_bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]) if Path("/usr/lib/postgresql").exists() else None
pg_ctl = str(pg_bin / "pg_ctl") if pg_bin else shutil.which("pg_ctl")


def cluster(action: str) -> float:
    """pg_ctl on the cluster; returns when it is done (-w)."""
    started = time.time()
    command = [pg_ctl, "-D", str(data), "-w", "-t", "60", "-l", str(data / "pg_ctl.log")]
    if action == "start":
        command += ["-o", f"-p {pg_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=", "start"]
    else:
        command += ["-m", "fast", "stop"]
    subprocess.run(as_postgres + command, check=True, stdout=subprocess.DEVNULL)
    return time.time() - started


# The cluster: initialised and migrated by FloWorx itself, then handed to pg_ctl.
env0 = fresh_env()
init = subprocess.Popen([floworx, "db", "start", "--data-dir", str(data)], env=env0, stdout=subprocess.PIPE, stderr=open(work / "init.log", "w"), text=True)
direct_url = init.stdout.readline().strip()
init.send_signal(signal.SIGINT)
init.wait(timeout=60)
for _ in range(300):  # the cluster's postmaster may outlive `db start` by a moment
    if not (data / "postmaster.pid").exists():
        break
    time.sleep(0.1)
password = (data / "floworx-superuser.password").read_text().strip()
pg_port = free_port()
cluster("start")
url = f"postgres://floworx:{password}@127.0.0.1:{pg_port}/floworx?sslmode=disable"
env = {**env0, "DATABASE_URL": url, "FLOWORX_DB_ACQUIRE_TIMEOUT_SECONDS": str(args.acquire_timeout), "FLOWORX_QUEUE_RETENTION_SECONDS": "86400"}
run = Run(floworx, work, env)
check = run.check


def psql(sql: str) -> list[list[str]]:
    """psql on the direct URL, saying why when it fails."""
    result = subprocess.run(["psql", url, "-X", "-A", "-t", "-F", "|", "-c", sql], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"psql failed: {result.stderr.strip()}")
    return [line.split("|") for line in result.stdout.strip().splitlines() if line]


class Load:
    """Threads that send requests until told to stop, recording (start, latency, path kind, status, code)."""

    def __init__(self):
        self.records: list[tuple[float, float, str, int, str]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.accepted: set[str] = set()
        self.next_id = 0
        self.threads: list[threading.Thread] = []

    def send(self, kind: str, method: str, path: str, body=None, headers=None) -> tuple[int, str]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{run.base}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        started = time.time()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except Exception as error:  # a reset or a timeout: recorded as status 0
            status, text = 0, repr(error)
        code = ""
        try:
            parsed = json.loads(text)
            if isinstance(parsed, dict):
                code = str(parsed.get("code") or parsed.get("error_code") or parsed.get("error") or "")
        except ValueError:
            pass
        with self.lock:
            self.records.append((started, time.time() - started, kind, status, code))
        return status, text

    def reader(self):
        while not self.stop.is_set():
            self.send("rest", "GET", "/rest/v1/email_logs?select=id,status&order=created_at.desc&limit=20", headers=run.service)

    def ingester(self, client_id: str):
        pending: list[str] = []
        while not self.stop.is_set():
            if not pending:
                with self.lock:
                    first = self.next_id
                    self.next_id += 10
                pending = [f"restart-{n}@floworx.test" for n in range(first, first + 10)]
            messages = [message(client_id, mid) for mid in pending]
            status, _ = self.send("ingest", "POST", f"/api/v1/emails?client_id={client_id}", {"messages": messages}, run.service)
            if 200 <= status < 300:
                with self.lock:
                    self.accepted.update((client_id, m) for m in pending)
                pending = []
            else:
                time.sleep(0.2)  # a sender retries the same messages

    def prober(self):
        while not self.stop.is_set():
            self.send("ready", "GET", "/ready")
            self.send("health", "GET", "/health")
            time.sleep(0.25)

    def start(self, clients: list[str]):
        targets = [self.prober] + [self.reader] * max(1, args.load_threads // 2)
        targets += [lambda c=c: self.ingester(c) for c in clients][: max(1, args.load_threads - len(targets) + 1)]
        for target in targets:
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def drain(timeout: float = 300) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = int(psql("SELECT count(*) FROM email_queue WHERE status IN ('pending', 'processing')")[0][0])
        if left == 0:
            return True
        time.sleep(1)
    return False


def exactly_once(accepted: set, label: str) -> None:
    ids = sorted({c for c, _ in accepted})
    in_list = ",".join(f"'{c}'" for c in ids)
    rows = psql(f"SELECT client_id, message_id, count(*), min(status) FROM email_logs WHERE client_id IN ({in_list}) AND message_id LIKE 'restart-%' GROUP BY 1, 2")
    logged = {(c, m): (int(n), s) for c, m, n, s in rows}
    lost = [key for key in accepted if key not in logged]
    duplicated = [key for key, (n, _) in logged.items() if n > 1]
    unfinished = [key for key, (_, s) in logged.items() if s not in ("processed", "escalated", "failed")]
    check(f"{label}: every accepted email has an email log (none lost)", not lost, f"{len(accepted)} accepted, {len(lost)} lost")
    check(f"{label}: no email logged twice", not duplicated, f"{len(duplicated)} duplicated")
    check(f"{label}: every email reached a final state", not unfinished, f"{len(unfinished)} not final")
    doubles = int(psql("SELECT count(*) FROM (SELECT email_log_id FROM ai_responses GROUP BY 1 HAVING count(*) > 1) d")[0][0])
    check(f"{label}: no email has two ai_responses rows", doubles == 0, f"{doubles}")
    jobs = int(psql(f"SELECT count(*) FROM (SELECT email_data->>'email_log_id' FROM email_queue WHERE client_id IN ({in_list}) GROUP BY 1 HAVING count(*) > 1) d")[0][0])
    check(f"{label}: one queue job per email", jobs == 0, f"{jobs} emails with several jobs")


templates: dict[str, dict] = {}


def message(client_id: str, message_id: str) -> dict:
    """A message of the client's own Tests/Mailbox set with a new Message-ID."""
    return {**templates[client_id], "message_id": message_id}


figures: dict = {}
try:
    run.serve(["--no-demo"], log="server.log")
    clients = []
    for name in ["hvac", "pools", "roofing"]:
        client_id = run.mailbox_client(name, f"{name}@restart.test")
        templates[client_id] = json.loads(sorted((MAILBOX / "messages" / name).glob("*.json"))[0].read_text())
        clients.append(client_id)
    load = Load()
    load.start(clients)
    time.sleep(5)
    down_at = time.time()
    figures["stop_seconds"] = round(cluster("stop"), 2)
    print(f"PostgreSQL stopped (pg_ctl stop -m fast, {figures['stop_seconds']} s); waiting {args.outage_seconds} s", flush=True)
    time.sleep(args.outage_seconds)
    figures["start_seconds"] = round(cluster("start"), 2)
    up_at = time.time()
    print(f"PostgreSQL started again ({figures['start_seconds']} s)", flush=True)
    time.sleep(15)
    load.finish()
    records = list(load.records)

    # -- during the outage (requests that started after the stop finished and before the start began)
    # Answered while it was down: started after the stop was done and finished before the start began (a request that
    # started near the end may legitimately get its connection once PostgreSQL is back).
    down_from, down_to = down_at + figures["stop_seconds"] + 0.5, up_at - figures["start_seconds"]
    outage = [r for r in records if down_from <= r[0] and r[0] + r[1] <= down_to and r[2] in ("rest", "ingest")]
    codes = {}
    for _, _, kind, status, code in outage:
        codes[(kind, status, code)] = codes.get((kind, status, code), 0) + 1
    print(f"      during the outage: {len(outage)} API requests: {codes}")
    check("requests were made during the outage", len(outage) >= 10, f"{len(outage)}")
    check("every API request during the outage answered 503",
          all(status == 503 for _, _, _, status, _ in outage), str({k: v for k, v in codes.items() if k[1] != 503}))
    check("with the stable codes (PGRST000 on /rest, database_unavailable on /api/v1)",
          all((kind == "rest" and code == "PGRST000") or (kind == "ingest" and code == "database_unavailable") for _, _, kind, _, code in outage))
    errors = [r for r in records if r[3] in (0, 500)]
    check("no request answered 500 or failed without an answer, at any time", not errors, f"{len(errors)}: {errors[:3]}")
    slowest = max(r[1] for r in records)
    figures["max_latency_seconds"] = round(slowest, 2)
    check(f"no request took longer than {args.max_latency} s", slowest <= args.max_latency, f"slowest {slowest:.2f} s")
    # Sent and answered while the database was down: under load a request sent then can be answered after it is
    # back, and 200 is right then.
    def while_down(r):
        return down_at + figures["stop_seconds"] + 0.5 <= r[0] and r[0] + r[1] <= up_at - figures["start_seconds"]
    ready_down = [r for r in records if r[2] == "ready" and while_down(r)]
    check("/ready answered 503 while the database was down", ready_down and all(r[3] == 503 for r in ready_down), f"{[r[3] for r in ready_down][:10]}")
    health_down = sorted({r[3] for r in records if r[2] == "health" and while_down(r)})
    figures["health_status_while_down"] = health_down

    # -- recovery: the last 503 and the first success after the database was back
    after = [r for r in records if r[0] >= up_at and r[2] in ("rest", "ingest")]
    last_503 = max((r[0] + r[1] for r in after if r[3] == 503), default=up_at)
    first_ok = min((r[0] + r[1] for r in after if 200 <= r[3] < 300), default=None)
    figures["seconds_of_503_after_return"] = round(last_503 - up_at, 2)
    figures["seconds_to_first_success"] = round(first_ok - up_at, 2) if first_ok else None
    check("the API recovered unaided", first_ok is not None and first_ok - up_at <= 15, f"first success {figures['seconds_to_first_success']} s after the start")
    ready_after = [r for r in records if r[2] == "ready" and r[0] >= up_at + max(5.0, figures["seconds_of_503_after_return"] + 1)]
    check("/ready answers 200 again", ready_after and all(r[3] == 200 for r in ready_after), f"{[r[3] for r in ready_after][:10]}")
    last_ok = [r for r in after if r[0] >= up_at + 10]
    check("the last 5 s of load all succeeded", last_ok and all(200 <= r[3] < 300 for r in last_ok), f"{len(last_ok)} requests")

    # -- workers resumed: exactly once
    check("the queue drained after the restart", drain(), "")
    figures["emails_accepted"] = len(load.accepted)
    exactly_once(load.accepted, "restart")

    # -- SIGTERM drain: a backlog, then a stop while the workers hold jobs
    backlog = Load()
    backlog.next_id = 1_000_000
    client = clients[0]
    for batch in range(30):
        messages = [f"restart-{1_000_000 + batch * 100 + n}@floworx.test" for n in range(100)]
        status, _ = backlog.send("ingest", "POST", f"/api/v1/emails?client_id={client}", {"messages": [message(client, m) for m in messages]}, run.service)
        if 200 <= status < 300:
            backlog.accepted.update((client, m) for m in messages)
    server = run.processes[0]
    time.sleep(1)
    in_flight = int(psql("SELECT count(*) FROM email_queue WHERE status = 'processing'")[0][0])
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=90)
    left_claimed = int(psql("SELECT count(*) FROM email_queue WHERE status = 'processing'")[0][0])
    pending = int(psql("SELECT count(*) FROM email_queue WHERE status = 'pending'")[0][0])
    print(f"      SIGTERM with {in_flight} jobs claimed: exit {code}, {left_claimed} left claimed, {pending} pending for the next server")
    check("SIGTERM: the server exited 0", code == 0, f"exit {code}")
    check("SIGTERM: no job left claimed (finished or released)", left_claimed == 0, f"{left_claimed}")
    run.serve(["--no-demo"], log="server2.log")
    check("a new server finished the backlog", drain(), "")
    exactly_once(backlog.accepted, "after SIGTERM")
finally:
    run.stop(check_postgres=False)
    try:
        cluster("stop")
    except Exception:
        pass

print()
print("figures: " + json.dumps(figures))
(work / "figures.json").write_text(json.dumps(figures, indent=2))
if run.failures:
    print(f"restart check FAILED: {', '.join(run.failures)} (logs in {work})")
    sys.exit(1)
print("restart check passed")
