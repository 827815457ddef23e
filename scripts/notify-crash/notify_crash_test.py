"""Crash test of notification delivery (issue 11).

Starts FloWorx (API only) on a fresh embedded cluster, signs up one business, writes 1,000 pending email
notifications into the outbox with one SQL statement (its trigger queues a delivery job for each), starts three
`floworx worker` processes delivering to a real SMTP server (aiosmtpd, scripts/notify-crash/smtp_sink.py, which holds
each message a little so sends are in flight), SIGKILLs a random worker at random moments five times (starting a new
one each time), waits until the outbox settles, and checks: every notification was delivered and is `sent`; every
message that arrived more than once carries the same Message-ID each time (the notification's own); every duplicate
is explained by a kill (its first arrival just before one: the killed worker had it in flight), no kill explains more
duplicates than the sends a worker has in flight (its delivery concurrency), and no live worker lost a lease.

Usage: python3 scripts/notify-crash/notify_crash_test.py --bin .build/debug --python <venv python with aiosmtpd>
"""
import argparse
import collections
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from floworx_run import ROOT, Run, fresh_env  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="directory holding the floworx binary")
parser.add_argument("--python", default=sys.executable, help="a python with aiosmtpd (the SMTP sink)")
parser.add_argument("--notifications", type=int, default=1000)
parser.add_argument("--workers", type=int, default=3)
parser.add_argument("--kills", type=int, default=5)
parser.add_argument("--lease-seconds", type=int, default=3)
parser.add_argument("--delay-ms", type=float, default=100)
parser.add_argument("--seed", type=int, default=None)
parser.add_argument("--concurrency", type=int, default=4, help="FLOWORX_NOTIFICATION_CONCURRENCY of each worker")
parser.add_argument("--kill-window", type=float, default=3.0,
                    help="seconds between a send's acceptance and the kill that can explain its duplicate (acceptance to commit, under load)")
args = parser.parse_args()
rng = random.Random(args.seed)

work = ROOT / ".build" / "notify-crash-test"
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
arrivals = work / "arrivals.jsonl"
run = Run(str(Path(args.bin) / "floworx"), work, fresh_env())
check, psql = run.check, run.psql

try:
    sink = run.adopt(subprocess.Popen([args.python, str(Path(__file__).with_name("smtp_sink.py")), "--out", str(arrivals), "--delay-ms", str(args.delay_ms)],
                                      stdout=subprocess.PIPE, text=True, start_new_session=True))
    smtp_port = int(sink.stdout.readline().split()[1])
    run.serve(["--no-workers", "--no-demo"])
    _, session = run.request("POST", "/auth/v1/signup", {"email": "owner@crash.test", "password": "crash-test-password"}, run.anon)
    client = session["user"]["id"]

    # 1,000 pending notifications, each to its own address (no rate limit applies), in one statement.
    psql(f"""
        INSERT INTO floworx.notifications (client_id, kind, channel, recipient, dedupe_key, content)
        SELECT '{client}', 'escalation', 'email', 'manager' || n || '@crash.test', 'crash-' || n,
               jsonb_build_object('kind', 'escalation', 'urgency', 'high', 'category', 'URGENT', 'subject', 'Crash test ' || n,
                                  'sender', 'customer' || n || '@example.com')
        FROM generate_series(1, {args.notifications}) n""")
    jobs = int(psql("SELECT count(*) FROM floworx.jobs WHERE kind = 'notification.deliver' AND status = 'pending'")[0][0])
    check("the outbox queued one delivery job per notification", jobs == args.notifications, f"{jobs} jobs")

    worker_env = {"FLOWORX_SMTP_HOST": "127.0.0.1", "FLOWORX_SMTP_PORT": str(smtp_port), "FLOWORX_SMTP_TLS": "none",
                  "FLOWORX_SMTP_FROM": "FloWorx <alerts@crash.test>", "FLOWORX_NOTIFICATION_LEASE_SECONDS": str(args.lease_seconds),
                  "FLOWORX_NOTIFICATION_CONCURRENCY": str(args.concurrency)}
    worker_args = ["worker", "--worker-concurrency", "1"]
    workers = [run.start(worker_args, f"worker{n}.log", worker_env) for n in range(args.workers)]
    kills = 0
    kill_times: list[float] = []
    while kills < args.kills:
        time.sleep(rng.uniform(0.5, 2.0))
        sent = int(psql("SELECT count(*) FROM floworx.notifications WHERE status = 'sent'")[0][0])
        victim = rng.choice([w for w in workers if w.poll() is None])
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        kill_times.append(time.time())
        kills += 1
        print(f"SIGKILL worker pid {victim.pid} ({kills}/{args.kills}) with {sent}/{args.notifications} sent", flush=True)
        workers[workers.index(victim)] = run.start(worker_args, f"worker-restart{kills}.log", worker_env)

    deadline = time.time() + 600
    while time.time() < deadline:
        left = int(psql("SELECT count(*) FROM floworx.notifications WHERE status = 'pending'")[0][0])
        if left == 0:
            break
        time.sleep(1)
    states = dict((s, int(c)) for s, c in psql("SELECT status, count(*) FROM floworx.notifications GROUP BY status"))
    print(f"      outbox states: {states}")
    check("every notification is sent", states.get("sent", 0) == args.notifications)
    time.sleep(0.5)
    records = [json.loads(line) for line in arrivals.read_text().splitlines() if line.strip()]
    by_notification = collections.defaultdict(list)
    for record in records:
        by_notification[record["notification"]].append(record["message_id"])
    ids = {row[0] for row in psql("SELECT id::text FROM floworx.notifications")}
    check("every notification arrived at the SMTP server", ids <= set(by_notification), f"{len(ids - set(by_notification))} missing")
    same_id = all(len(set(mids)) == 1 and mids[0] == f"<notification-{nid}@crash.test>" for nid, mids in by_notification.items())
    check("every arrival carries its notification's own Message-ID", same_id)
    duplicates = len(records) - len(by_notification)
    print(f"      arrivals: {len(records)}, distinct: {len(by_notification)}, duplicates: {duplicates}, kills: {kills}")
    # A duplicate is a send the killed worker had in flight: the SMTP server accepted it, and the worker died before
    # `sent` was committed. So each one must be explained by a kill (its first arrival shortly before that kill), and a
    # kill can explain at most the sends the worker had in flight (its delivery concurrency). A duplicate with no kill
    # just before it would mean a live worker lost a job's lease and another sent it again: a real bug.
    first_arrival = {}
    for record in records:
        first_arrival.setdefault(record["notification"], record["received"])
    per_kill = collections.Counter()
    unexplained = []
    for nid, mids in by_notification.items():
        for _ in range(len(mids) - 1):
            t = first_arrival[nid]
            kill = next((k for k in kill_times if t <= k + 0.05 and k - t <= args.kill_window), None)
            if kill is None:
                unexplained.append(nid)
            else:
                per_kill[kill] += 1
    print(f"      duplicates per kill: {[per_kill[k] for k in kill_times]} (at most {args.concurrency} each)")
    check("every duplicate was in flight in a worker that was then killed", not unexplained, f"{len(unexplained)} unexplained, e.g. {unexplained[:3]}")
    check("a kill duplicates at most the sends its worker had in flight", all(n <= args.concurrency for n in per_kill.values()), f"{dict(per_kill)}")
    lost = [p.name for p in work.glob("worker*.log") if "lease was lost" in p.read_text(errors="replace")]
    check("no worker lost a job's lease while alive", not lost, f"{lost}")
    failed = int(psql("SELECT count(*) FROM error_logs WHERE error_type = 'notification_failed'")[0][0])
    check("no notification failed", failed == 0, f"{failed} failed")
finally:
    run.stop()

print()
if run.failures:
    print(f"notification crash test FAILED: {', '.join(run.failures)} (logs in {work})")
    sys.exit(1)
print(f"notification crash test passed: {args.notifications} notifications, {args.kills} worker kills, all delivered")
shutil.rmtree(work, ignore_errors=True)
