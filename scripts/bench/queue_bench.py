"""The queue and pipeline benchmark of issue 4, in one run on one PostgreSQL:
enqueue rate; no-op drain for 1, 2 and 4 workers against PgQueuer draining the same number of no-op jobs with the
same worker counts (interleaved, runs alternating who goes first); full-pipeline emails/s with the built-in provider;
p50/p99 enqueue-to-processed latency at 100 emails/s offered. Prints medians of `--runs` runs and the per-run ratios."""
import argparse
from pathlib import Path

from common import Cluster, ROOT, ensure_venv, machine, median, run_json, save

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="directory of the release floworx and floworx-bench binaries")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--jobs", type=int, default=50_000)
parser.add_argument("--pipeline-emails", type=int, default=20_000)
parser.add_argument("--latency-seconds", type=float, default=30)
parser.add_argument("--rate", type=float, default=100)
args = parser.parse_args()

binaries = Path(args.bin)
python = ensure_venv(["pgqueuer==1.6.0", "asyncpg==0.32.0", "uvloop==0.23.0"])
cluster = Cluster(binaries / "floworx", ROOT / ".build" / "bench" / "queue-pg")
bench = [str(binaries / "floworx-bench")]
url = ["--database-url", cluster.url]
workers = [1, 2, 4]
results: dict = {"machine": machine(), "runs": []}
try:
    for run in range(args.runs):
        record: dict = {"drain": {}}
        record["enqueue"] = run_json(bench + ["enqueue", *url])
        print(f"run {run + 1}: enqueue {record['enqueue']['enqueue_per_s']:.0f} jobs/s, ingest {record['enqueue']['ingest_per_s']:.0f} emails/s", flush=True)
        for count in workers:
            ours = lambda: run_json(bench + ["drain", *url, "--jobs", str(args.jobs), "--workers", str(count)])
            theirs = lambda: run_json([str(python), str(ROOT / "scripts/bench/pgqueuer_drain.py"), "--dsn", cluster.url,
                                       "--jobs", str(args.jobs), "--workers", str(count)])
            first, second = (ours, theirs) if run % 2 == 0 else (theirs, ours)
            a, b = first(), second()
            floworx, pgqueuer = (a, b) if a["system"] == "floworx" else (b, a)
            record["drain"][str(count)] = {"floworx": floworx["per_s"], "pgqueuer": pgqueuer["per_s"], "ratio": floworx["per_s"] / pgqueuer["per_s"]}
            print(f"run {run + 1}: drain {count} worker(s): FloWorx {floworx['per_s']:.0f} jobs/s, PgQueuer {pgqueuer['per_s']:.0f} jobs/s, ratio {floworx['per_s'] / pgqueuer['per_s']:.2f}", flush=True)
        record["pipeline"] = run_json(bench + ["pipeline", *url, "--emails", str(args.pipeline_emails)])
        print(f"run {run + 1}: pipeline {record['pipeline']['emails_per_s']:.0f} emails/s", flush=True)
        record["latency"] = run_json(bench + ["latency", *url, "--rate", str(args.rate), "--duration", str(args.latency_seconds)])
        print(f"run {run + 1}: latency at {record['latency']['rate_offered']:.0f}/s: p50 {record['latency']['p50_ms']:.1f} ms, p99 {record['latency']['p99_ms']:.1f} ms", flush=True)
        results["runs"].append(record)
finally:
    cluster.stop()

runs = results["runs"]
summary = {
    "enqueue_per_s": median([r["enqueue"]["enqueue_per_s"] for r in runs]),
    "ingest_per_s": median([r["enqueue"]["ingest_per_s"] for r in runs]),
    "drain": {str(c): {
        "floworx_per_s": median([r["drain"][str(c)]["floworx"] for r in runs]),
        "pgqueuer_per_s": median([r["drain"][str(c)]["pgqueuer"] for r in runs]),
        "ratio_median": median([r["drain"][str(c)]["ratio"] for r in runs]),
    } for c in workers},
    "pipeline_emails_per_s": median([r["pipeline"]["emails_per_s"] for r in runs]),
    "latency_p50_ms": median([r["latency"]["p50_ms"] for r in runs]),
    "latency_p99_ms": median([r["latency"]["p99_ms"] for r in runs]),
}
results["summary"] = summary
path = save("queue", results)
print()
print(f"Medians of {len(runs)} runs (details in {path.relative_to(ROOT)}):")
print(f"  enqueue (queue jobs, 500 per statement):      {summary['enqueue_per_s']:>9.0f} jobs/s")
print(f"  ingest (email log + job, 500 per statement):  {summary['ingest_per_s']:>9.0f} emails/s")
for c in workers:
    d = summary["drain"][str(c)]
    verdict = "ok" if d["ratio_median"] >= 2 else "BELOW GOAL"
    print(f"  no-op drain, {c} worker(s): FloWorx {d['floworx_per_s']:>8.0f}/s  PgQueuer {d['pgqueuer_per_s']:>7.0f}/s  ratio {d['ratio_median']:.2f} (goal >= 2: {verdict})")
print(f"  full pipeline, built-in provider:             {summary['pipeline_emails_per_s']:>9.0f} emails/s (goal >= 1000: {'ok' if summary['pipeline_emails_per_s'] >= 1000 else 'BELOW GOAL'})")
print(f"  latency at {args.rate:.0f} emails/s: p50 {summary['latency_p50_ms']:.1f} ms, p99 {summary['latency_p99_ms']:.1f} ms (goal p99 < 50 ms: {'ok' if summary['latency_p99_ms'] < 50 else 'ABOVE GOAL'})")
