"""The queue and pipeline benchmark of issues 4 and 14, in one run on one PostgreSQL:
enqueue rate; the no-op drain at equal batch sizes (10, 50, 100) and equal connections (1, 2, 4 workers) for three
drainers of the same number of jobs — FloWorx, PgQueuer, and the SQL limit (pgbench running FloWorx's own claim and
complete statements, sql_limit_drain.py) — in an order that rotates between runs; full-pipeline emails/s with the
built-in provider; p50/p99 enqueue-to-processed latency at 100 emails/s offered. Prints medians of `--runs` runs and
the medians of the per-run ratios."""
import argparse
from pathlib import Path

import sql_limit_drain
from common import Cluster, ROOT, ensure_venv, machine, median, run_json, save

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="directory of the release floworx and floworx-bench binaries")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--jobs", type=int, default=50_000)
parser.add_argument("--pipeline-emails", type=int, default=20_000)
parser.add_argument("--latency-seconds", type=float, default=30)
parser.add_argument("--rate", type=float, default=100)
parser.add_argument("--batches", default="10,50,100", help="jobs per claim, the same for all three drains")
parser.add_argument("--workers", default="1,2,4", help="worker connections, the same for all three drains")
parser.add_argument("--skip-pipeline", action="store_true", help="only the enqueue and the drains")
args = parser.parse_args()

binaries = Path(args.bin)
python = ensure_venv(["pgqueuer==1.6.0", "asyncpg==0.32.0", "uvloop==0.23.0"])
cluster = Cluster(binaries / "floworx", ROOT / ".build" / "bench" / "queue-pg")
bench = [str(binaries / "floworx-bench")]
url = ["--database-url", cluster.url]
workers = [int(w) for w in args.workers.split(",")]
batches = [int(b) for b in args.batches.split(",")]
results: dict = {"machine": machine(), "runs": []}
try:
    for run in range(args.runs):
        record: dict = {"drain": {}}
        record["enqueue"] = run_json(bench + ["enqueue", *url])
        print(f"run {run + 1}: enqueue {record['enqueue']['enqueue_per_s']:.0f} jobs/s, ingest {record['enqueue']['ingest_per_s']:.0f} emails/s", flush=True)
        run_json(bench + ["drain", *url, "--jobs", "1000"])  # warms the cluster and creates the drain client
        for batch in batches:
            for count in workers:
                # All three at the same batch size and number of connections, in an order that rotates between runs.
                systems = {
                    "floworx": lambda: run_json(bench + ["drain", *url, "--jobs", str(args.jobs), "--workers", str(count), "--batch", str(batch)]),
                    "pgqueuer": lambda: run_json([str(python), str(ROOT / "scripts/bench/pgqueuer_drain.py"), "--dsn", cluster.url,
                                                  "--jobs", str(args.jobs), "--workers", str(count), "--batch", str(batch)]),
                    "sql": lambda: sql_limit_drain.drain(cluster.url, args.jobs, count, batch),
                }
                order = list(systems)[run % 3:] + list(systems)[:run % 3]
                got = {name: systems[name]() for name in order}
                f, p, q = got["floworx"]["per_s"], got["pgqueuer"]["per_s"], got["sql"]["per_s"]
                record["drain"][f"{batch}x{count}"] = {"floworx": f, "pgqueuer": p, "sql_limit": q, "ratio": f / p, "of_limit": f / q}
                print(f"run {run + 1}: drain batch {batch}, {count} worker(s): FloWorx {f:.0f} jobs/s, PgQueuer {p:.0f}, "
                      f"SQL limit {q:.0f}; ratio {f / p:.2f}, {100 * f / q:.0f} % of the limit", flush=True)
        if args.skip_pipeline:
            results["runs"].append(record)
            continue
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
    "drain": {key: {
        "floworx_per_s": median([r["drain"][key]["floworx"] for r in runs]),
        "pgqueuer_per_s": median([r["drain"][key]["pgqueuer"] for r in runs]),
        "sql_limit_per_s": median([r["drain"][key]["sql_limit"] for r in runs]),
        "ratio_median": median([r["drain"][key]["ratio"] for r in runs]),
        "of_limit_median": median([r["drain"][key]["of_limit"] for r in runs]),
        # What the statements themselves allow: the best ratio to PgQueuer any client of this table could reach.
        "limit_ratio_median": median([r["drain"][key]["sql_limit"] / r["drain"][key]["pgqueuer"] for r in runs]),
    } for key in runs[0]["drain"]},
}
if not args.skip_pipeline:
    summary["pipeline_emails_per_s"] = median([r["pipeline"]["emails_per_s"] for r in runs])
    summary["latency_p50_ms"] = median([r["latency"]["p50_ms"] for r in runs])
    summary["latency_p99_ms"] = median([r["latency"]["p99_ms"] for r in runs])
results["summary"] = summary
path = save("queue", results)
print()
print(f"Medians of {len(runs)} runs (details in {path.relative_to(ROOT)}):")
print(f"  enqueue (queue jobs, 500 per statement):      {summary['enqueue_per_s']:>9.0f} jobs/s")
print(f"  ingest (email log + job, 500 per statement):  {summary['ingest_per_s']:>9.0f} emails/s")
print("  no-op drain, equal batch and connections (jobs/s; ratios are medians of per-run ratios):")
for key, d in summary["drain"].items():
    batch, count = key.split("x")
    verdict = "ok" if d["ratio_median"] >= 2 and d["of_limit_median"] >= 0.9 else "BELOW GOAL"
    print(f"    batch {batch:>3}, {count} worker(s): FloWorx {d['floworx_per_s']:>7.0f}  PgQueuer {d['pgqueuer_per_s']:>6.0f}  "
          f"SQL limit {d['sql_limit_per_s']:>7.0f}  ratio {d['ratio_median']:.2f}  {100 * d['of_limit_median']:.0f} % of the limit, "
          f"limit / PgQueuer {d['limit_ratio_median']:.2f} (goals >= 2x and >= 90 %: {verdict})")
if args.skip_pipeline:
    raise SystemExit(0)
print(f"  full pipeline, built-in provider:             {summary['pipeline_emails_per_s']:>9.0f} emails/s (goal >= 1000: {'ok' if summary['pipeline_emails_per_s'] >= 1000 else 'BELOW GOAL'})")
print(f"  latency at {args.rate:.0f} emails/s: p50 {summary['latency_p50_ms']:.1f} ms, p99 {summary['latency_p99_ms']:.1f} ms (goal p99 < 50 ms: {'ok' if summary['latency_p99_ms'] < 50 else 'ABOVE GOAL'})")
