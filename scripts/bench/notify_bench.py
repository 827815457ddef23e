"""Escalation alert latency (issue 11): emergencies posted at a steady rate, timed from `POST /api/v1/emails` to the
alert accepted by a real SMTP server (aiosmtpd, scripts/notify-crash/smtp_sink.py).

Starts `floworx serve` (API and workers, no demo) on a fresh embedded cluster with FLOWORX_SMTP_* pointing at the
sink, sets up the HVAC business of Tests/Mailbox through /auth/v1 and /rest/v1, then posts the no-heat-with-a-newborn
email (each with its own sender and a numbered subject) at --rate per second for --seconds. Prints, for the same
emails in the same run:
  - the peer: POST → email processed (email_logs.processed_at; the pipeline alone);
  - POST → the first alert about that email accepted by the SMTP server (the pipeline, the outbox and SMTP delivery);
as p50/p99/max in milliseconds, and the alert's share on top of the pipeline. Writes bench-out/notify-<time>.json.

Usage: python3 scripts/bench/notify_bench.py --bin .build/release --python <venv python with aiosmtpd> [--rate 50 --seconds 300]
"""
import argparse
import concurrent.futures
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from floworx_run import MAILBOX, ROOT, Run, fresh_env  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True)
parser.add_argument("--python", default=sys.executable, help="a python with aiosmtpd")
parser.add_argument("--rate", type=float, default=50)
parser.add_argument("--seconds", type=float, default=300)
parser.add_argument("--drain-seconds", type=float, default=120)
args = parser.parse_args()

work = ROOT / ".build" / "notify-bench"
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
arrivals = work / "arrivals.jsonl"
run = Run(str(Path(args.bin) / "floworx"), work, fresh_env({
    "LOG_LEVEL": "warning", "FLOWORX_ALERT_RATE_LIMIT": "10000", "FLOWORX_INGEST_RATE_PER_MINUTE": "1000000", "FLOWORX_INGEST_BURST": "100000"}))


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


try:
    sink = run.adopt(subprocess.Popen([args.python, str(ROOT / "scripts" / "notify-crash" / "smtp_sink.py"), "--out", str(arrivals)],
                                      stdout=subprocess.PIPE, text=True, start_new_session=True))
    smtp_port = int(sink.stdout.readline().split()[1])
    run.serve(["--no-demo"], {"FLOWORX_SMTP_HOST": "127.0.0.1", "FLOWORX_SMTP_PORT": str(smtp_port), "FLOWORX_SMTP_TLS": "none",
                              "FLOWORX_SMTP_FROM": "FloWorx <alerts@bench.test>"})
    client = run.mailbox_client("hvac", "hvac@bench.test")
    template = json.loads((MAILBOX / "messages" / "hvac" / "002-furnace-stopped-newborn.json").read_text())

    posted: dict[str, float] = {}
    lock = threading.Lock()

    def post(n: int) -> None:
        message = dict(template)
        message["message_id"] = f"bench-{n}@bench.test"
        message["subject"] = f"{template['subject']} bench-{n}"
        message["from"] = {"email": f"customer{n}@example.com", "name": f"Customer {n}"}
        message.pop("reply_to", None)
        start = time.time()
        run.request("POST", f"/api/v1/emails?client_id={client}", {"messages": [message]}, run.service)
        with lock:
            posted[f"bench-{n}"] = start

    total = int(args.rate * args.seconds)
    print(f"posting {total} emergencies at {args.rate}/s for {args.seconds:.0f} s", flush=True)
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        futures = []
        for n in range(total):
            delay = t0 + n / args.rate - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(post, n))
        for future in futures:
            future.result()
    print(f"posted in {time.time() - t0:.1f} s; waiting for alerts", flush=True)

    first_alert: dict[str, float] = {}
    deadline = time.time() + args.drain_seconds
    while time.time() < deadline:
        first_alert.clear()
        for line in arrivals.read_text().splitlines():
            record = json.loads(line)
            token = next((w for w in record["subject"].split() if w.startswith("bench-")), None)
            if token and (token not in first_alert or record["received"] < first_alert[token]):
                first_alert[token] = record["received"]
        if len(first_alert) >= len(posted):
            break
        time.sleep(1)
    processed = {}
    for message_id, at in run.psql(f"SELECT message_id, extract(epoch FROM processed_at) FROM email_logs WHERE client_id = '{client}' AND processed_at IS NOT NULL"):
        processed[message_id.split("@")[0]] = float(at)
    pipeline = [(processed[t] - posted[t]) * 1000 for t in posted if t in processed]
    alerts = [(first_alert[t] - posted[t]) * 1000 for t in posted if t in first_alert]
    result = {
        "rate": args.rate, "seconds": args.seconds, "posted": len(posted), "processed": len(pipeline), "alerted": len(alerts),
        "pipeline_ms": {"p50": percentile(pipeline, 0.5), "p99": percentile(pipeline, 0.99), "max": max(pipeline, default=float("nan"))},
        "alert_ms": {"p50": percentile(alerts, 0.5), "p99": percentile(alerts, 0.99), "max": max(alerts, default=float("nan"))},
    }
    print(json.dumps(result, indent=2))
    print(f"POST → processed (peer): p50 {result['pipeline_ms']['p50']:.0f} ms, p99 {result['pipeline_ms']['p99']:.0f} ms")
    print(f"POST → alert accepted by SMTP: p50 {result['alert_ms']['p50']:.0f} ms, p99 {result['alert_ms']['p99']:.0f} ms "
          f"({len(alerts)}/{len(posted)} alerted; goal p99 < 2000 ms)")
    (ROOT / "bench-out").mkdir(exist_ok=True)
    (ROOT / "bench-out" / f"notify-{time.strftime('%Y%m%d-%H%M')}.json").write_text(json.dumps(result, indent=2))
finally:
    run.stop(check_postgres=False)
