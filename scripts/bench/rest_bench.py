"""The data API benchmark of issue 3 (`--mode embed`: issue 12's two-level embedded read, see MODES):
`GET /rest/v1/email_logs?select=*&order=processed_at.desc&limit=50` as one of
100 tenants (10,000 rows each) through FloWorx (wrk), and the same SQL with the same per-transaction role and claims
setup through pgbench, in the same run on the same PostgreSQL. Reports requests/s, p50/p99 at peak, p99 at half of
FloWorx's peak rate, the server's RSS, and the FloWorx/pgbench ratio per run; medians over `--runs`."""
import argparse
import json
import os
import re
import secrets
import base64
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from common import ROOT, machine, median, run_json, save

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--seconds", type=int, default=15)
parser.add_argument("--tenants", type=int, default=100)
parser.add_argument("--rows", type=int, default=10_000)
parser.add_argument("--connections", type=int, default=32, help="wrk connections at peak")
parser.add_argument("--pgbench-clients", type=int, default=8)
parser.add_argument("--mode", choices=["plain", "embed"], default="plain",
                    help="plain: the email_logs page; embed: a two-level embedded read (issue 12), the tenant's profile with its 50 "
                         "latest emails and each email's drafts")
args = parser.parse_args()

# What is read. `embed`: profiles -> email_logs (one-to-many, ordered and limited inside) -> ai_responses (one-to-many),
# seeded with one draft per recent email; pgbench runs the SQL FloWorx generates for exactly this query string.
MODES = {
    "plain": ("email_logs", "select=*&order=processed_at.desc&limit=50", 0),
    "embed": ("profiles", "select=id,updated_at,email_logs(id,subject,status,processed_at,ai_responses(response_text,confidence_score))"
                          "&email_logs.order=processed_at.desc&email_logs.limit=50", 50),
}
table, query, responses = MODES[args.mode]

binaries = Path(args.bin)
work = ROOT / ".build" / "bench" / "rest"
work.mkdir(parents=True, exist_ok=True)
secret_file = work / "jwt-secret"
if not secret_file.exists():
    secret_file.write_text(secrets.token_hex(32))
env = {**os.environ, "JWT_SECRET": secret_file.read_text().strip(),
       "FLOWORX_ENCRYPTION_KEY": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(), "LOG_LEVEL": "warning", "DATABASE_URL": ""}
data_dir = ROOT / ".build" / "bench" / "rest-pg"
path = f"/rest/v1/{table}?{query}"


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


port = free_port()
server = subprocess.Popen([str(binaries / "floworx"), "serve", "--no-workers", "--no-demo", "--data-dir", str(data_dir), "--port", str(port)],
                          env=env, stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))


def rss_kb(kind: str) -> int:
    for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1])
    return 0


def wrk(connections: int, seconds: int, delay_ms: float = 0) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(ROOT / "scripts/bench/rest.lua"), f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, env={**env, "BENCH_TOKENS": str(work / "tokens.txt"), "BENCH_ANON_KEY": anon_key, "BENCH_DELAY_MS": str(delay_ms)},
    )
    if result.returncode != 0 or "unexpected status" in result.stderr:
        raise SystemExit(f"wrk failed:\n{result.stdout}\n{result.stderr[-1000:]}")
    out = result.stdout

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": latency("50"), "p99_ms": latency("99")}


def pgbench(url: str, mode: str, clients: int, seconds: int, pipelined: bool = False) -> float:
    scripts = []
    for index in range(args.tenants):
        scripts += ["-f", str(work / f"tenant{index}{'-pipelined' if pipelined else ''}.sql")]
    result = subprocess.run(["pgbench", "-n", "-M", mode, "-c", str(clients), "-j", "2", "-T", str(seconds), *scripts, url],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"pgbench failed:\n{result.stderr[-2000:]}")
    return float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout).group(1))


results: dict = {"machine": machine(), "runs": [], "settings": vars(args)}
try:
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    url = subprocess.run([str(binaries / "floworx"), "db", "url", "--data-dir", str(data_dir), "--log-level", "error"],
                         capture_output=True, text=True, env=env, check=True).stdout.strip()
    anon_key = json.loads(subprocess.run([str(binaries / "floworx"), "keys", "show", "--json"], capture_output=True, text=True, env=env, check=True).stdout)["anon_key"]
    seed = run_json([str(binaries / "floworx-bench"), "seed-rest", "--database-url", url, "--tenants", str(args.tenants),
                     "--rows", str(args.rows), "--out", str(work), "--table", table, "--query", query, "--responses", str(responses)], env=env)
    print(f"{seed['tenants']} tenants x {seed['rows_per_tenant']} rows; SQL: {seed['sql']}", flush=True)
    # The same statements as FloWorx sends them since it pipelines reads: role and claims, then the read, in one
    # pipeline ending in one Sync (one implicit transaction, one round trip), -M prepared.
    for index in range(args.tenants):
        text = (work / f"tenant{index}.sql").read_text()
        (work / f"tenant{index}-pipelined.sql").write_text(text.replace("BEGIN;", "\\startpipeline", 1).replace("COMMIT;", "\\endpipeline", 1))
    wrk(args.connections, 3)  # warm up caches and the connection pool
    for run in range(args.runs):
        record: dict = {}
        # FloWorx and pgbench in each protocol mode, the order alternating between runs.
        order = [("floworx", lambda: wrk(args.connections, args.seconds)),
                 ("pgbench", lambda: pgbench(url, "extended", args.pgbench_clients, args.seconds)),
                 ("pgbench_prepared_tps", lambda: pgbench(url, "prepared", args.pgbench_clients, args.seconds)),
                 ("pgbench_simple_tps", lambda: pgbench(url, "simple", args.pgbench_clients, args.seconds)),
                 ("pgbench_pipelined_tps", lambda: pgbench(url, "prepared", args.pgbench_clients, args.seconds, pipelined=True))]
        for name, measure in (order if run % 2 == 0 else order[::-1]):
            record[name] = measure()
        # Half of the peak rate: each of 16 connections waits a random time (mean `delay`) between a response and its
        # next request, so the offered rate is about 16 / (delay + latency). A 5-second calibration run measures the
        # latency at that load, and the delay is corrected for it.
        half = record["floworx"]["rps"] / 2
        paced_connections = 16
        delay = paced_connections * 1000 / half
        calibration = wrk(paced_connections, 5, delay)
        latency_ms = max(0.0, paced_connections * 1000 / calibration["rps"] - delay)
        record["half_peak"] = wrk(paced_connections, args.seconds, max(1.0, delay - latency_ms))
        record["ratio"] = record["floworx"]["rps"] / record["pgbench"]
        record["ratio_prepared"] = record["floworx"]["rps"] / record["pgbench_prepared_tps"]
        record["ratio_simple"] = record["floworx"]["rps"] / record["pgbench_simple_tps"]
        record["ratio_pipelined"] = record["floworx"]["rps"] / record["pgbench_pipelined_tps"]
        record["rss_kb"] = rss_kb("VmRSS")
        record["rss_peak_kb"] = rss_kb("VmHWM")
        results["runs"].append(record)
        print(f"run {run + 1}: FloWorx {record['floworx']['rps']:.0f} req/s (p50 {record['floworx']['p50_ms']:.2f} ms, p99 {record['floworx']['p99_ms']:.2f} ms), "
              f"pgbench {record['pgbench']:.0f} tps extended / {record['pgbench_prepared_tps']:.0f} prepared / {record['pgbench_simple_tps']:.0f} simple, "
              f"ratios {record['ratio']:.2f} / {record['ratio_prepared']:.2f} / {record['ratio_simple']:.2f}; "
              f"pipelined -M prepared {record['pgbench_pipelined_tps']:.0f} tps, ratio {record['ratio_pipelined']:.2f}; "
              f"at {record['half_peak']['rps']:.0f} req/s p99 {record['half_peak']['p99_ms']:.2f} ms; RSS {record['rss_kb'] / 1024:.0f} MB (peak {record['rss_peak_kb'] / 1024:.0f} MB)", flush=True)
finally:
    server.send_signal(signal.SIGINT)
    server.wait(timeout=60)

runs = results["runs"]
summary = {
    "floworx_rps": median([r["floworx"]["rps"] for r in runs]),
    "floworx_p50_ms": median([r["floworx"]["p50_ms"] for r in runs]),
    "floworx_p99_ms": median([r["floworx"]["p99_ms"] for r in runs]),
    "pgbench_tps": median([r["pgbench"] for r in runs]),
    "pgbench_prepared_tps": median([r["pgbench_prepared_tps"] for r in runs]),
    "pgbench_simple_tps": median([r["pgbench_simple_tps"] for r in runs]),
    "pgbench_pipelined_tps": median([r["pgbench_pipelined_tps"] for r in runs]),
    "ratio_median": median([r["ratio"] for r in runs]),
    "ratio_prepared_median": median([r["ratio_prepared"] for r in runs]),
    "ratio_simple_median": median([r["ratio_simple"] for r in runs]),
    "ratio_pipelined_median": median([r["ratio_pipelined"] for r in runs]),
    "ratio_prepared_min": min(r["ratio_prepared"] for r in runs),
    "half_peak_rps": median([r["half_peak"]["rps"] for r in runs]),
    "half_peak_p99_ms": median([r["half_peak"]["p99_ms"] for r in runs]),
    "rss_peak_mb": max(r["rss_peak_kb"] for r in runs) / 1024,
}
results["summary"] = summary
saved = save("rest" if args.mode == "plain" else "rest-embed", results)
print()
print(f"Medians of {len(runs)} runs (details in {saved.relative_to(ROOT)}):")
print(f"  FloWorx  GET {path}: {summary['floworx_rps']:.0f} req/s, p50 {summary['floworx_p50_ms']:.2f} ms, p99 {summary['floworx_p99_ms']:.2f} ms")
print(f"  pgbench, same SQL and role/claims setup: {summary['pgbench_tps']:.0f} tps -M extended, {summary['pgbench_prepared_tps']:.0f} -M prepared, {summary['pgbench_simple_tps']:.0f} -M simple")
print(f"  pgbench -M prepared with the role/claims and the read in one pipeline (as FloWorx sends them): {summary['pgbench_pipelined_tps']:.0f} tps")
print(f"  FloWorx / pgbench -M prepared, lowest single run: {summary['ratio_prepared_min']:.2f} (issue 12 goal >= 0.6 in every run)")
for label, key in [("extended", "ratio_median"), ("prepared", "ratio_prepared_median"), ("simple", "ratio_simple_median"), ("prepared, pipelined", "ratio_pipelined_median")]:
    print(f"  FloWorx / pgbench -M {label} (median of per-run ratios): {summary[key]:.2f} (goal >= 0.5: {'ok' if summary[key] >= 0.5 else 'BELOW GOAL'})")
print(f"  p99 at half of FloWorx's peak ({summary['half_peak_rps']:.0f} req/s): {summary['half_peak_p99_ms']:.2f} ms (goal < 10 ms: {'ok' if summary['half_peak_p99_ms'] < 10 else 'ABOVE GOAL'})")
print(f"  server RSS, peak: {summary['rss_peak_mb']:.0f} MB (goal < 150 MB: {'ok' if summary['rss_peak_mb'] < 150 else 'ABOVE GOAL'})")
