"""The throughput cost of PgBouncer (issue 14, deliverable 4): the data API benchmark's read
(`GET /rest/v1/email_logs?select=*&order=processed_at.desc&limit=50` as one of the seeded tenants, wrk) against three
`floworx serve` processes on one cluster, in the same run, in turns:
  direct        the pool connects to PostgreSQL, named prepared statements (the default);
  unnamed       the pool connects to PostgreSQL, FLOWORX_DATABASE_POOLER=transaction (what the mode itself costs);
  pgbouncer     the pool connects through PgBouncer in transaction mode (the mode plus the extra hop).
Prints requests/s and p99 per run and the medians, and writes them to .build/bench/pgbouncer/results.json.
Usage: python3 scripts/pgbouncer-check/pgbouncer_bench.py --bin DIR [--bench-bin DIR] [--runs 3] [--seconds 10]"""
import argparse
import base64
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="directory with floworx")
parser.add_argument("--bench-bin", help="directory with floworx-bench (default: --bin)")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--connections", type=int, default=32)
parser.add_argument("--tenants", type=int, default=100)
parser.add_argument("--rows", type=int, default=2000)
args = parser.parse_args()

floworx = str(Path(args.bin).resolve() / "floworx")
bench = str(Path(args.bench_bin or args.bin).resolve() / "floworx-bench")
work = ROOT / ".build" / "bench" / "pgbouncer"
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
os.chmod(work, 0o755)
data = work / "pg"
env = {**os.environ, "JWT_SECRET": secrets.token_hex(32), "FLOWORX_ENCRYPTION_KEY": "bench:" + base64.b64encode(secrets.token_bytes(32)).decode(),
       "LOG_LEVEL": "warning", "DATABASE_URL": ""}
processes: list[subprocess.Popen] = []
bouncer = str(work / "pgbouncer")


def sh(function: str, *values: str) -> str:
    script = f'source "{ROOT}/scripts/pgbouncer-check/pgbouncer.sh"; {function} "$@"'
    return subprocess.run(["bash", "-c", script, "bash", *values], check=True, capture_output=True, text=True).stdout.strip()


def free_port() -> int:
    return int(sh("pgbouncer_free_port"))


def serve(name: str, extra: dict) -> int:
    port = free_port()
    processes.append(subprocess.Popen([floworx, "serve", "--no-workers", "--no-demo", "--data-dir", str(data), "--port", str(port)],
                                      env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=open(work / f"{name}.log", "w")))
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return port
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"{name} did not start; see {work / (name + '.log')}")


def wrk(port: int, seconds: int) -> dict:
    result = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency", "-s", str(ROOT / "scripts/bench/rest.lua"),
                             f"http://127.0.0.1:{port}/rest/v1/email_logs?select=*&order=processed_at.desc&limit=50"],
                            capture_output=True, text=True, env={**env, "BENCH_TOKENS": str(work / "tokens.txt"), "BENCH_ANON_KEY": anon_key})
    if result.returncode != 0 or "unexpected status" in result.stderr or "Non-2xx" in result.stdout:
        raise SystemExit(f"wrk failed:\n{result.stdout}\n{result.stderr[-1000:]}")
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", result.stdout).groups()
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1)),
            "p99_ms": float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]}


results: dict = {"settings": vars(args), "runs": []}
cluster = subprocess.Popen([floworx, "db", "start", "--data-dir", str(data)], env=env, stdout=subprocess.PIPE, stderr=open(work / "cluster.log", "w"), text=True)
try:
    url = cluster.stdout.readline().strip()
    pg_port = (data / "postmaster.pid").read_text().splitlines()[3].strip()
    pool_url = sh("start_pgbouncer", bouncer, pg_port, (data / "floworx-superuser.password").read_text().strip())
    anon_key = json.loads(subprocess.run([floworx, "keys", "show", "--json"], env=env, capture_output=True, text=True, check=True).stdout)["anon_key"]
    seed = json.loads(subprocess.run([bench, "seed-rest", "--database-url", url, "--tenants", str(args.tenants), "--rows", str(args.rows), "--out", str(work)],
                                     env=env, capture_output=True, text=True, check=True).stdout)
    print(f"seeded {seed['tenants']} tenants x {seed['rows_per_tenant']} rows; PgBouncer at {pool_url}", flush=True)
    ports = {"direct": serve("direct", {}),
             "unnamed": serve("unnamed", {"FLOWORX_DATABASE_POOLER": "transaction"}),
             "pgbouncer": serve("pgbouncer", {"FLOWORX_DATABASE_POOL_URL": pool_url})}
    for port in ports.values():
        wrk(port, 3)  # warm-up
    for run in range(args.runs):
        order = list(ports) if run % 2 == 0 else list(ports)[::-1]
        record = {name: wrk(ports[name], args.seconds) for name in order}
        results["runs"].append(record)
        print(f"run {run + 1}: " + ", ".join(f"{name} {record[name]['rps']:.0f} req/s (p99 {record[name]['p99_ms']:.1f} ms)" for name in ports), flush=True)
    medians = {name: {"rps": statistics.median(r[name]["rps"] for r in results["runs"]),
                      "p99_ms": statistics.median(r[name]["p99_ms"] for r in results["runs"])} for name in ports}
    results["medians"] = medians
    base = medians["direct"]["rps"]
    print("medians: " + ", ".join(f"{name} {m['rps']:.0f} req/s ({m['rps'] / base:.0%} of direct, p99 {m['p99_ms']:.1f} ms)" for name, m in medians.items()))
    (work / "results.json").write_text(json.dumps(results, indent=2))
finally:
    for process in processes:
        process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    sh("stop_pgbouncer", bouncer)
    cluster.send_signal(signal.SIGINT)
    cluster.wait(timeout=60)
