"""Realtime fan-out (issue 12): --subscribers WebSocket clients (Phoenix v1, as supabase-js speaks it) spread over
--tenants tenants, each subscribed to INSERTs of email_logs with its tenant's access token; pgbench inserts rows of
random tenants at --rate per second for --seconds. For every delivery: commit → delivery latency (the message's
commit_timestamp, written by the trigger just before commit, to the moment the client parsed it; one machine, one
clock) and whether the row belongs to the subscriber's tenant. Also: deliveries expected but missing, the server's peak
RSS, pgbench's latency and schedule lag, and while writing the CPU share of the server, of this client and of the whole
PostgreSQL cluster (the writer's inserts included) with the load average, so a loaded machine shows in the figures.
Writes bench-out/realtime-<time>.json.

Usage: python scripts/bench/realtime_bench.py --floworx .build/release/floworx [--tenants 100 --subscribers 1000 --rate 200 --seconds 120]
"""
import argparse
import asyncio
import base64
import datetime
import gc
import hashlib
import hmac
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from floworx_run import ROOT, Run, fresh_env  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--floworx", required=True)
parser.add_argument("--tenants", type=int, default=100)
parser.add_argument("--subscribers", type=int, default=1000)
parser.add_argument("--rate", type=int, default=200)
parser.add_argument("--seconds", type=int, default=120)
parser.add_argument("--drain-seconds", type=float, default=10)
args = parser.parse_args()

secret = os.urandom(32).hex()
env = fresh_env({"JWT_SECRET": secret, "LOG_LEVEL": "warning"})
work = ROOT / ".build" / "realtime-bench"
subprocess.run(["rm", "-rf", str(work)], check=True)
work.mkdir(parents=True)
run = Run(args.floworx, work, env)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(sub: str) -> str:
    """An access token of tenant `sub`, signed with the server's JWT_SECRET (what /auth/v1/token would hand out)."""
    now = int(time.time())
    claims = {"sub": sub, "role": "authenticated", "aud": "authenticated", "iat": now, "exp": now + 3600 * 4}
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    return head + "." + b64(hmac.new(secret.encode(), head.encode(), hashlib.sha256).digest())


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu() -> dict[int, float]:
    """CPU seconds so far of each process of the cluster (the postmaster's children: backends, WAL writer…)."""
    postmaster = int((run.data_dir / "postmaster.pid").read_text().split()[0])
    seconds = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            seconds[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


latencies: list[float] = []
# (arrival time, latency) of every delivery, for the latency of each 10-second window: one stall shows as one window.
timeline: list[tuple[float, float]] = []
wrong = 0
received = 0


async def subscriber(url: str, tenant: str, ready: asyncio.Event, counter: list[int], stop: asyncio.Event) -> None:
    async with websockets.connect(url, max_size=2 ** 20, ping_interval=None) as ws:
        join = {"topic": f"realtime:bench-{tenant}", "event": "phx_join", "ref": "1", "join_ref": "1",
                "payload": {"config": {"broadcast": {"self": False, "ack": False}, "presence": {"key": "", "enabled": False},
                                       "private": False, "postgres_changes": [{"event": "INSERT", "schema": "public", "table": "email_logs"}]},
                            "access_token": token(tenant)}}
        await ws.send(json.dumps(join))
        while True:
            message = json.loads(await ws.recv())
            if message["event"] == "phx_reply" and message["ref"] == "1":
                if message["payload"]["status"] != "ok":
                    raise SystemExit(f"join refused: {message}")
                break
        counter[0] += 1
        if counter[0] == args.subscribers:
            ready.set()

        async def heartbeat() -> None:
            n = 1
            while not stop.is_set():
                await asyncio.sleep(25)
                n += 1
                await ws.send(json.dumps({"topic": "phoenix", "event": "heartbeat", "payload": {}, "ref": str(n)}))
        async def receive() -> None:
            global wrong, received
            async for text in ws:
                now = time.time()
                message = json.loads(text)
                if message["event"] != "postgres_changes":
                    continue
                data = message["payload"]["data"]
                committed = datetime.datetime.fromisoformat(data["commit_timestamp"])  # ...Z: UTC (strptime cost 60x more)
                latencies.append((now - committed.timestamp()) * 1000)
                timeline.append((now, latencies[-1]))
                received += 1
                if data["record"]["client_id"] != tenant:
                    wrong += 1
        beat = asyncio.create_task(heartbeat())
        reader = asyncio.create_task(receive())
        try:
            await stop.wait()
        finally:
            beat.cancel()
            reader.cancel()


async def main() -> dict:
    run.serve(["--no-demo"])
    server_pid = run.processes[0].pid
    tenants = []
    for n in range(args.tenants):
        _, user = run.request("POST", "/auth/v1/admin/users", {"email": f"tenant{n}@bench.test", "password": "bench-password-1", "email_confirm": True}, run.service)
        tenants.append(user["id"])
    run.psql("CREATE TABLE floworx.bench_tenants (n int PRIMARY KEY, id uuid NOT NULL)")
    run.psql("INSERT INTO floworx.bench_tenants VALUES " + ",".join(f"({n + 1}, '{t}')" for n, t in enumerate(tenants)))
    ws_url = run.base.replace("http://", "ws://") + f"/realtime/v1/websocket?apikey={run.keys['anon_key']}&vsn=1.0.0"

    ready, stop = asyncio.Event(), asyncio.Event()
    counter = [0]
    tasks = [asyncio.create_task(subscriber(ws_url, tenants[i % args.tenants], ready, counter, stop)) for i in range(args.subscribers)]
    await asyncio.wait_for(ready.wait(), timeout=300)
    rss_idle = rss_kib(server_pid)
    # The 1,000 sockets' objects leave the collector's young generations: a full collection over them would stall
    # every delivery being parsed (measured by this client, not by the server).
    gc.freeze()
    print(f"{args.subscribers} subscribers joined; server RSS {rss_idle / 1024:.0f} MiB; writing {args.rate}/s for {args.seconds} s", flush=True)

    script = work / "insert.sql"
    script.write_text(f"\\set t random(1, {args.tenants})\n"
                      "INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject) "
                      "SELECT id, 'bench-' || gen_random_uuid(), 'customer@example.com', 'office@example.com', 'bench' FROM floworx.bench_tenants WHERE n = :t;\n")
    writer = await asyncio.create_subprocess_exec("pgbench", "-n", "-c", "4", "-j", "2", "-R", str(args.rate), "-T", str(args.seconds),
                                                  "-f", str(script), run.url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    peak = rss_idle
    cpu_start, wall_start, server_cpu_start = resource.getrusage(resource.RUSAGE_SELF), time.time(), cpu_seconds(server_pid)
    database_start = database_cpu()
    while writer.returncode is None:
        try:
            await asyncio.wait_for(writer.wait(), timeout=1)
        except asyncio.TimeoutError:
            pass
        peak = max(peak, rss_kib(server_pid))
    pgbench_out = (await writer.stdout.read()).decode()
    cpu_end, wall = resource.getrusage(resource.RUSAGE_SELF), time.time() - wall_start
    client_cpu = (cpu_end.ru_utime + cpu_end.ru_stime - cpu_start.ru_utime - cpu_start.ru_stime) / wall
    server_cpu = (cpu_seconds(server_pid) - server_cpu_start) / wall
    database = sum(seconds - database_start.get(pid, 0) for pid, seconds in database_cpu().items()) / wall
    load = os.getloadavg()
    await asyncio.sleep(args.drain_seconds)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    writes = int(run.psql("SELECT count(*) FROM public.email_logs WHERE subject = 'bench'")[0][0])
    per_tenant = args.subscribers // args.tenants
    expected = writes * per_tenant
    return {
        "tenants": args.tenants, "subscribers": args.subscribers, "rate": args.rate, "seconds": args.seconds, "writes": writes,
        "deliveries": received, "expected": expected, "missing": expected - received, "wrong_tenant": wrong,
        "commit_to_delivery_ms": {"p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99), "max": max(latencies, default=float("nan"))},
        "server_rss_mib": {"joined_idle": rss_idle / 1024, "peak": peak / 1024},
        "pgbench": [line for line in pgbench_out.splitlines() if "tps" in line or "latency" in line or "lag" in line],
        "cpu_share_while_writing": {"server": round(server_cpu, 3), "client": round(client_cpu, 3), "database": round(database, 3)},
        "load_average_at_end": load,
        "p99_ms_by_10s_window": windows(wall_start),
        "cpus": os.cpu_count(),
    }


def windows(start: float) -> list[float]:
    """p99 of the deliveries that arrived in each 10-second window after the writer started."""
    buckets: dict[int, list[float]] = {}
    for arrived, latency in timeline:
        buckets.setdefault(max(0, int((arrived - start) // 10)), []).append(latency)
    return [round(percentile(buckets[n], 0.99), 1) for n in sorted(buckets)]


def load_text(load) -> str:
    return " / ".join(f"{value:.1f}" for value in load)


try:
    result = asyncio.run(main())
    print(json.dumps(result, indent=2))
    print(f"commit → delivery: p50 {result['commit_to_delivery_ms']['p50']:.1f} ms, p99 {result['commit_to_delivery_ms']['p99']:.1f} ms "
          f"(goal p99 < 100 ms); wrong tenant {result['wrong_tenant']} (goal 0); missing {result['missing']}; "
          f"server RSS peak {result['server_rss_mib']['peak']:.0f} MiB; CPU while writing: server {result['cpu_share_while_writing']['server']:.2f}, "
          f"client {result['cpu_share_while_writing']['client']:.2f}, database {result['cpu_share_while_writing']['database']:.2f} of a core; load average {load_text(result['load_average_at_end'])}")
    (ROOT / "bench-out").mkdir(exist_ok=True)
    (ROOT / "bench-out" / f"realtime-{time.strftime('%Y%m%d-%H%M')}.json").write_text(json.dumps(result, indent=2))
finally:
    run.stop(check_postgres=False)
