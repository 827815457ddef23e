"""Crash test of the email pipeline (issue 4).

Starts FloWorx (API only) on a fresh embedded cluster, creates the three mailbox clients through the data API, starts
three `floworx worker` processes, ingests 10,000 messages through POST /api/v1/emails (normalized JSON in batches and
raw RFC 5322 one by one) while the workers run, SIGKILLs a random worker at random moments five times (starting a new
one each time), waits for the queue to settle, and then verifies in PostgreSQL that every message reached exactly one
final state: none lost, none pending, no duplicate email_logs or ai_responses row, exactly one `email_processed` event
per processed email, and a dead letter for every failed one."""
import argparse
import json
import random
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from floworx_run import MAILBOX, ROOT, Run, fresh_env  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="directory holding the floworx binary")
parser.add_argument("--messages", type=int, default=10_000)
parser.add_argument("--workers", type=int, default=3)
parser.add_argument("--kills", type=int, default=5)
parser.add_argument("--lease-seconds", type=int, default=5)
parser.add_argument("--seed", type=int, default=None)
args = parser.parse_args()
rng = random.Random(args.seed)

work = ROOT / ".build" / "crash-test"
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
run = Run(str(Path(args.bin) / "floworx"), work, fresh_env({"FLOWORX_QUEUE_RETENTION_SECONDS": "86400"}))
check, psql, request, start = run.check, run.psql, run.request, run.start

try:
    run.serve(["--no-workers", "--no-demo"])
    service = run.service
    # The three mailbox clients, set up through the data API as a client's dashboard would.
    clients = {name: run.mailbox_client(name, f"{name}@crash.test") for name in ["hvac", "pools", "roofing"]}
    templates = []
    for name in clients:
        for file in sorted((MAILBOX / "messages" / name).iterdir()):
            templates.append((name, file))

    def ingest(count: int, offset: int) -> int:
        sent = 0
        batch: dict[str, list] = {name: [] for name in clients}
        for n in range(offset, offset + count):
            name, file = templates[n % len(templates)]
            message_id = f"crash-{n}@floworx.test"
            if file.suffix == ".eml":
                raw = file.read_bytes()
                raw = raw.replace(b"Message-ID:", b"X-Original-Message-ID:", 1).replace(b"Message-Id:", b"X-Original-Message-ID:", 1)
                raw = f"Message-ID: <{message_id}>\r\n".encode() + raw
                request("POST", f"/api/v1/emails?client_id={clients[name]}", raw, service, content_type="message/rfc822")
                sent += 1
            else:
                message = json.loads(file.read_text())
                message["message_id"] = message_id
                batch[name].append(message)
                if len(batch[name]) == 100:
                    request("POST", f"/api/v1/emails?client_id={clients[name]}", {"messages": batch[name]}, service)
                    sent += len(batch[name])
                    batch[name] = []
        for name, messages in batch.items():
            if messages:
                request("POST", f"/api/v1/emails?client_id={clients[name]}", {"messages": messages}, service)
                sent += len(messages)
        return sent

    # Half the messages wait in the queue before the workers start, so that they are busy (holding claimed jobs)
    # when they are killed; the other half arrives while they run.
    sent = ingest(args.messages // 2, 0)
    worker_args = ["worker", "--lease-seconds", str(args.lease_seconds), "--worker-concurrency", "2", "--batch-size", "25"]
    workers = [start(worker_args, f"worker{n}.log") for n in range(args.workers)]
    rest = {"sent": 0}
    feeder = threading.Thread(target=lambda: rest.__setitem__("sent", ingest(args.messages - args.messages // 2, args.messages // 2)))
    feeder.start()
    kills = 0
    while kills < args.kills:
        time.sleep(rng.uniform(0.3, 2.0))
        backlog = int(psql("SELECT count(*) FROM email_queue WHERE status IN ('pending', 'processing')")[0][0])
        victim = rng.choice([w for w in workers if w.poll() is None])
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        kills += 1
        print(f"SIGKILL worker pid {victim.pid} ({kills}/{args.kills}) with {backlog} jobs queued or in flight", flush=True)
        workers[workers.index(victim)] = start(worker_args, f"worker-restart{kills}.log")
    feeder.join()
    sent += rest["sent"]
    check("ingested every message", sent == args.messages, f"{sent} sent")

    deadline = time.time() + 900
    while time.time() < deadline:
        left = int(psql("SELECT count(*) FROM email_queue WHERE status IN ('pending', 'processing')")[0][0])
        pending = int(psql("SELECT count(*) FROM email_logs WHERE status = 'pending'")[0][0])
        if left == 0 and pending == 0:
            break
        time.sleep(1)

    ids = ",".join(f"'{client}'" for client in clients.values())
    logs, distinct = map(int, psql(f"SELECT count(*), count(DISTINCT (client_id, message_id)) FROM email_logs WHERE client_id IN ({ids})")[0])
    check("every message has exactly one email log", logs == args.messages and distinct == args.messages, f"{logs} logs, {distinct} distinct")
    states = dict((s, int(c)) for s, c in psql(f"SELECT status, count(*) FROM email_logs WHERE client_id IN ({ids}) GROUP BY status"))
    print(f"      final states: {states}")
    check("no message is left pending", states.get("pending", 0) == 0)
    check("every message reached a final state", sum(states.get(s, 0) for s in ["processed", "escalated", "failed"]) == args.messages)
    duplicates = int(psql("SELECT count(*) FROM (SELECT email_log_id FROM ai_responses GROUP BY email_log_id HAVING count(*) > 1) d")[0][0])
    check("no email has two ai_responses rows", duplicates == 0, f"{duplicates} duplicated")
    processed_events = psql(f"""
        SELECT count(*) FILTER (WHERE n <> 1) FROM (
          SELECT l.id, (SELECT count(*) FROM analytics_events e WHERE e.event_type = 'email_processed' AND e.event_data->>'email_log_id' = l.id::text) n
          FROM email_logs l WHERE l.client_id IN ({ids}) AND l.status IN ('processed', 'escalated')) x""")[0][0]
    check("exactly one email_processed event per processed email", int(processed_events) == 0, f"{processed_events} emails with another count")
    drafts, draft_events = map(int, psql(f"""
        SELECT (SELECT count(*) FROM ai_responses a JOIN email_logs l ON l.id = a.email_log_id WHERE l.client_id IN ({ids})),
               (SELECT count(*) FROM analytics_events WHERE event_type = 'draft_created' AND client_id IN ({ids}))""")[0])
    check("one draft_created event per ai_responses row", drafts == draft_events, f"{drafts} drafts, {draft_events} events")
    queue = dict((s, int(c)) for s, c in psql(f"SELECT status, count(*) FROM email_queue WHERE client_id IN ({ids}) GROUP BY status"))
    check("one finished queue job per message", queue.get("completed", 0) + queue.get("failed", 0) == args.messages and not queue.get("pending") and not queue.get("processing"), f"{queue}")
    letters = int(psql(f"SELECT count(*) FROM dead_letter_queue WHERE client_id IN ({ids})")[0][0])
    check("a dead letter for every failed message", letters == states.get("failed", 0), f"{letters} dead letters")
    reclaimed = int(psql("SELECT count(*) FROM error_logs WHERE error_type = 'lease_expired'")[0][0])
    print(f"      jobs taken back from killed workers (lease_expired): {reclaimed}; kills: {kills}")
    check("killed workers held jobs that were taken back", reclaimed > 0)
finally:
    run.stop()

print()
if run.failures:
    print(f"crash test FAILED: {', '.join(run.failures)} (logs in {work})")
    sys.exit(1)
print(f"crash test passed: {args.messages} messages, {args.kills} worker kills, every message in exactly one final state")
shutil.rmtree(work, ignore_errors=True)
