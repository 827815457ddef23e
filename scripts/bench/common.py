"""Shared plumbing of the benchmark scripts: a virtualenv for the Python peers, one PostgreSQL cluster for a whole
run (FloWorx's embedded one, started with `floworx db start`), medians."""
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".build-venv-bench"


def ensure_venv(requirements: list[str]) -> Path:
    """A virtualenv with `requirements`, created once; returns its python."""
    python = VENV / "bin" / "python"
    stamp = VENV / "requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if not python.exists() or not stamp.exists() or stamp.read_text() != wanted:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
        stamp.write_text(wanted)
    return python


class Cluster:
    """`floworx db start` in the background; `url` once it is ready."""

    def __init__(self, floworx: Path, data_dir: Path):
        self.process = subprocess.Popen(
            [str(floworx), "db", "start", "--data-dir", str(data_dir), "--log-level", "warning"],
            stdout=subprocess.PIPE, text=True, env={**os.environ, "DATABASE_URL": ""},
        )
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("postgres"):
            self.stop()
            raise SystemExit(f"the benchmark cluster did not start (got {self.url!r})")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=60)


def run_json(command: list[str], env: dict | None = None) -> dict:
    """Runs a command that prints one JSON object on its last line."""
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values)


def save(name: str, summary: dict) -> Path:
    out = ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    path = out / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(summary, indent=2, sort_keys=True))
    return path


def machine() -> dict:
    return {"cpus": os.cpu_count(), "load_avg_start": os.getloadavg()}
