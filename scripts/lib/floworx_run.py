"""What the crash tests and benchmarks share: starting `floworx` processes on a private embedded cluster, waiting for
the API, the keys and the database URL, the API and psql helpers, the PASS/FAIL checks, and stopping everything
(including checking that no postgres was left behind)."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAILBOX = ROOT / "Tests" / "Mailbox"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    """One FloWorx installation: a data directory, its environment, and the processes started on it."""

    def __init__(self, floworx: str, work: Path, env: dict):
        self.floworx = floworx
        self.work = work
        self.data_dir = work / "pg"
        self.env = env
        self.processes: list[subprocess.Popen] = []
        self.failures: list[str] = []
        self.base = ""
        self.url = ""
        self.keys: dict = {}

    def start(self, arguments: list[str], log: str, extra_env=None) -> subprocess.Popen:
        process = subprocess.Popen([self.floworx, *arguments, "--data-dir", str(self.data_dir)], env={**self.env, **(extra_env or {})},
                                   stdout=subprocess.DEVNULL, stderr=open(self.work / log, "a"), start_new_session=True)
        self.processes.append(process)
        return process

    def adopt(self, process: subprocess.Popen) -> subprocess.Popen:
        """Stops `process` with the others at the end."""
        self.processes.append(process)
        return process

    def serve(self, arguments: list[str], extra_env=None, log: str = "server.log") -> None:
        """Starts `floworx serve` on a free port, waits for /health, and reads the keys and the database URL."""
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.start(["serve", "--port", str(port), *arguments], log, extra_env)
        for _ in range(900):
            try:
                urllib.request.urlopen(f"{self.base}/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        self.keys = json.loads(subprocess.run([self.floworx, "keys", "show", "--json"], env=self.env, capture_output=True, text=True, check=True).stdout)
        self.url = subprocess.run([self.floworx, "db", "url", "--data-dir", str(self.data_dir), "--log-level", "error"], env=self.env,
                                  capture_output=True, text=True, check=True).stdout.strip()

    @property
    def anon(self) -> dict:
        return {"apikey": self.keys["anon_key"]}

    @property
    def service(self) -> dict:
        return {"apikey": self.keys["service_role_key"], "Authorization": f"Bearer {self.keys['service_role_key']}"}

    def request(self, method: str, path: str, body=None, headers=None, content_type="application/json"):
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers={"Content-Type": content_type, **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{method} {path} → {error.code}: {error.read()[:500]!r}")

    def psql(self, sql: str) -> list[list[str]]:
        out = subprocess.run(["psql", self.url, "-X", "-A", "-t", "-F", "|", "-c", sql], capture_output=True, text=True, check=True).stdout
        return [line.split("|") for line in out.strip().splitlines() if line]

    def mailbox_client(self, name: str, email: str) -> str:
        """Signs up `email` and sets it up as the Tests/Mailbox business `name` through the data API, as a client's
        dashboard would; returns its id."""
        setup = json.loads((MAILBOX / "clients" / f"{name}.json").read_text())
        _, session = self.request("POST", "/auth/v1/signup", {"email": email, "password": "crash-test-password"}, self.anon)
        user = {**self.anon, "Authorization": f"Bearer {session['access_token']}"}
        client_id = session["user"]["id"]
        self.request("PATCH", f"/rest/v1/profiles?id=eq.{client_id}", {k: setup[k] for k in ["client_config", "managers", "suppliers"]}, user)
        self.request("POST", "/rest/v1/business_hours", {"client_id": client_id, **setup["business_hours"]}, user)
        self.request("POST", "/rest/v1/communication_styles", {"client_id": client_id, **setup["communication_style"]}, user)
        self.request("POST", "/rest/v1/escalation_rules", [{"client_id": client_id, **rule} for rule in setup["escalation_rules"]], user)
        return client_id

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        print(f"{'PASS' if ok else 'FAIL'}  {name}{(': ' + detail) if detail else ''}", flush=True)
        if not ok:
            self.failures.append(name)

    def stop(self, check_postgres: bool = True) -> None:
        """Interrupts every process (newest first), waits, and checks that the cluster's postgres is gone."""
        for process in self.processes[::-1]:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        if check_postgres:
            time.sleep(1)
            leftover = subprocess.run(["pgrep", "-f", f"postgres -D {self.data_dir}"], capture_output=True, text=True).stdout.strip()
            self.check("no postgres process left behind", leftover == "", leftover)


def fresh_env(extra=None) -> dict:
    """The environment of a private installation: new secrets, no DATABASE_URL (the embedded cluster). Plan limits
    are off: these runs test the pipeline, notifications and restarts, not billing, and the Tests/Mailbox businesses
    they set up have four managers, more than the free plan's two (issue 15 enforces that in the database)."""
    import base64
    return {**os.environ, "JWT_SECRET": os.urandom(32).hex(), "FLOWORX_ENCRYPTION_KEY": "run:" + base64.b64encode(os.urandom(32)).decode(),
            "LOG_LEVEL": "info", "DATABASE_URL": "", "FLOWORX_BILLING_ENFORCE": "false", **(extra or {})}
