"""Server render time of the owner's web app (issue 13's quality bar: p99 < 30 ms at 100 requests/s).

Starts `floworx serve` on a fresh embedded database with the demo data, waits until the demo mail is processed, signs in
as the demo owner through the sign-in form (CSRF token and session cookies as a browser keeps them), then sends GET
requests for the inbox, one email's page, analytics (30 days) and the escalation rules at a fixed rate, open loop: the
n-th request is due at start + n / rate whatever happened to the earlier ones, so a slow answer delays nothing after it
and a backlog shows as latency. Latency is measured from the moment a request was due to the last byte of its answer
(plus, separately, from the moment it was sent). Every answer must be 200 with a whole page. Standard library only.

Usage: python3 scripts/bench/web_bench.py --bin .build/release [--rate 100] [--seconds 30]
"""
import argparse
import http.client
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNER, PASSWORD = "hvac@demo.floworx.dev", "floworx-demo"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


class Server:
    def __init__(self, binary: Path, work: Path):
        self.log = open(work / "server.log", "w+")
        env = {**os.environ, "DATABASE_URL": "", "FLOWORX_DEMO_GMAIL_PORT": "0", "FLOWORX_DEMO_GRAPH_PORT": "0",
               "FLOWORX_DEMO_SMTP_PORT": "0", "FLOWORX_DEMO_SMTP_HTTP_PORT": "0"}
        self.process = subprocess.Popen([str(binary / "floworx"), "serve", "--data-dir", str(work / "data"), "--host", "127.0.0.1",
                                         "--port", "0", "--log-level", "info"], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 300
        self.port = None
        while time.time() < deadline and self.process.poll() is None:
            text = (work / "server.log").read_text()
            found = re.search(r"listening on (?:http://)?127\.0\.0\.1:(\d+)", text)
            if found:
                self.port = int(found.group(1))
                break
            time.sleep(0.2)
        if self.port is None:
            self.stop()
            raise SystemExit("floworx serve did not start:\n" + (work / "server.log").read_text()[-3000:])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Browser:
    """Cookies kept as a browser keeps them, over one keep-alive connection."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";")[0]
            if value and "Max-Age=0" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response.status, data.decode("utf-8", "replace")

    def sign_in(self):
        _, page = self.request("GET", "/signin")
        token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/signin", {"_csrf": token, "email": OWNER, "password": PASSWORD})
        if status != 303 or "fx_session" not in self.cookies:
            raise SystemExit(f"sign-in failed: {status}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder holding the floworx binary (swift build --show-bin-path)")
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5, help="seconds at the same rate before measuring")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--pages", default="inbox,email,analytics,rules,rule-edit", help="which pages, comma-separated")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fx-web-bench."))
    os.chmod(work, 0o755)
    server = Server(Path(args.bin).resolve(), work)
    try:
        owner = Browser(server.port)
        owner.sign_in()
        # The demo mail is processed by the server's workers after start: wait for the inbox to list it.
        deadline = time.time() + 180
        ids = []
        while time.time() < deadline:
            _, inbox = owner.request("GET", "/inbox")
            ids = re.findall(r'href="/inbox/([0-9a-f-]{36})"', inbox)
            if len(ids) >= 5 and "Not classified" not in inbox:
                break
            time.sleep(1)
        if not ids:
            raise SystemExit("the demo owner's inbox stayed empty")
        pages = {"inbox": "/inbox", "email": f"/inbox/{ids[0]}", "analytics": "/analytics?days=30", "rules": "/rules"}
        _, rules = owner.request("GET", "/rules")
        rule = re.search(r'href="/rules/([0-9a-f-]{36})"', rules)
        if rule:
            pages["rule-edit"] = f"/rules/{rule.group(1)}"
        wanted = args.pages.split(",")
        pages = {name: path for name, path in pages.items() if name in wanted}
        sizes = {}
        for name, path in pages.items():
            status, body = owner.request("GET", path)
            if status != 200:
                raise SystemExit(f"{path}: {status}")
            sizes[name] = len(body.encode())

        jobs = queue.Queue()
        results = []
        lock = threading.Lock()

        def worker():
            browser = Browser(server.port)
            browser.cookies = dict(owner.cookies)
            while True:
                job = jobs.get()
                if job is None:
                    return
                name, due, measured = job
                sent = time.perf_counter()
                status, body = browser.request("GET", pages[name])
                done = time.perf_counter()
                ok = status == 200 and body.rstrip().endswith("</html>")
                if measured:
                    with lock:
                        results.append((name, (done - due) * 1000, (done - sent) * 1000, ok))

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
        for thread in threads:
            thread.start()
        names = list(pages)
        total = int((args.warmup + args.seconds) * args.rate)
        warm = int(args.warmup * args.rate)
        start = time.perf_counter() + 0.1
        for n in range(total):
            due = start + n / args.rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            jobs.put((names[n % len(names)], due, n >= warm))
        for _ in threads:
            jobs.put(None)
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.perf_counter() - start

        summary = {"rate": args.rate, "seconds": args.seconds, "requests": len(results), "elapsed_s": round(elapsed, 1),
                   "failures": sum(1 for r in results if not r[3]), "pages": {}}
        for name in names:
            due = [r[1] for r in results if r[0] == name]
            sent = [r[2] for r in results if r[0] == name]
            summary["pages"][name] = {
                "path": pages[name], "requests": len(due), "bytes": sizes[name],
                "p50_ms": round(percentile(due, 50), 1), "p99_ms": round(percentile(due, 99), 1), "max_ms": round(max(due), 1),
                "service_p50_ms": round(statistics.median(sent), 1), "service_p99_ms": round(percentile(sent, 99), 1),
            }
        everything = [r[1] for r in results]
        summary["all"] = {"p50_ms": round(percentile(everything, 50), 1), "p99_ms": round(percentile(everything, 99), 1)}
        out = ROOT / "bench-out"
        out.mkdir(exist_ok=True)
        path = out / time.strftime("web-%Y%m%d-%H%M%S.json")
        path.write_text(json.dumps(summary, indent=2) + "\n")
        print(f"{'page':<10} {'requests':>8} {'KB':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for name, page in summary["pages"].items():
            print(f"{name:<10} {page['requests']:>8} {page['bytes'] / 1024:>6.1f} {page['p50_ms']:>8} {page['p99_ms']:>8} {page['max_ms']:>8}")
        print(f"{'all':<10} {len(results):>8} {'':>6} {summary['all']['p50_ms']:>8} {summary['all']['p99_ms']:>8}")
        print(f"failures: {summary['failures']}; details in {path}")
        print(json.dumps(summary))
        return 1 if summary["failures"] else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
