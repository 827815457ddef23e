"""The SQL limit of the no-op drain (issue 14): pgbench runs FloWorx's own claim and complete statements, with the
same batch size and the same number of connections as `floworx-bench drain`, against the same queue table. What
FloWorx reaches beyond its SQL is the cost of its Swift side (PostgresNIO, decoding, the worker loop); what the SQL
limit reaches is what this PostgreSQL can do with those statements.

Two statements per batch, as the worker sends them: the claim (`floworx.claim_email_jobs` joined to the active
workflow, exactly as `EmailQueue.claim`), then the completion (`EmailQueue.completeWithoutResults`). pgbench can carry
values from one statement to the next only as one row (`\\gset`), so the claim's ids and tokens are aggregated into
two arrays in the database instead of being sent as rows — the only difference from FloWorx's claim. `-M prepared` is
the like-for-like: FloWorx prepares both statements by name on each connection (`FixedStatement`), as asyncpg does for
PgQueuer; `-M extended` (a parse and plan per statement) is what FloWorx behind a transaction pooler sends.
"""
import re
import subprocess
import tempfile
from pathlib import Path

CLAIM_AND_COMPLETE = """\
SELECT coalesce(array_agg(c.job_id), '{}')::text AS ids, coalesce(array_agg(c.job_token), '{}')::text AS tokens
FROM floworx.claim_email_jobs(gen_random_uuid(), :batch, 0) AS c
LEFT JOIN public.workflows w ON w.client_id = c.job_client_id AND w.is_active AND w.workflow_data ? 'schemaVersion'
\\gset
UPDATE public.email_queue q SET status = 'completed'
FROM unnest(:ids::uuid[], :tokens::text[]) AS j(id, token)
WHERE q.id = j.id AND q.status = 'processing' AND q.xmin::text = j.token
RETURNING q.id;
"""


def psql(url: str, sql: str) -> str:
    result = subprocess.run(["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"psql failed: {result.stderr[-2000:]}")
    return result.stdout.strip()


def drain(url: str, jobs: int, workers: int, batch: int, mode: str = "prepared") -> dict:
    """Enqueues `jobs` no-op jobs for the benchmark's drain client (the one `floworx-bench drain` created), then drains
    them with pgbench; returns jobs/s like `floworx-bench drain`."""
    client = psql(url, "SELECT p.id FROM public.profiles p JOIN auth.users u ON u.id = p.id WHERE u.email LIKE 'drain-%@bench.test' ORDER BY u.created_at LIMIT 1")
    if not client:
        raise SystemExit("no drain client: run `floworx-bench drain` once before the SQL limit")
    psql(url, "DELETE FROM public.email_queue")
    psql(url, f"INSERT INTO public.email_queue (client_id, email_data, priority) "
              f"SELECT '{client}'::uuid, '{{\"noop\": true}}'::jsonb, 1 FROM generate_series(1, {int(jobs)})")
    psql(url, "VACUUM ANALYZE public.email_queue")
    per_worker = -(-jobs // (workers * batch))  # every claim is full until the last ones
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "drain.sql"
        script.write_text(CLAIM_AND_COMPLETE)
        result = subprocess.run(
            ["pgbench", "-n", "-M", mode, "-c", str(workers), "-j", str(workers), "-t", str(per_worker),
             "-D", f"batch={batch}", "-f", str(script), url],
            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"pgbench failed: {result.stderr[-2000:]}{result.stdout[-2000:]}")
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout).group(1))
    transactions = int(re.search(r"number of transactions actually processed: (\d+)", result.stdout).group(1))
    done = int(psql(url, "SELECT count(*) FROM public.email_queue WHERE status = 'completed'"))
    left = int(psql(url, "SELECT count(*) FROM public.email_queue WHERE status <> 'completed'"))
    psql(url, "DELETE FROM public.email_queue")
    if done != jobs or left:
        raise SystemExit(f"the SQL limit drained {done} of {jobs} jobs ({left} left)")
    seconds = transactions / tps
    return {"system": f"sql-limit-{mode}", "jobs": done, "workers": workers, "batch": batch, "seconds": seconds, "per_s": done / seconds}
