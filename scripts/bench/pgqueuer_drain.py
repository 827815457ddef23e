"""Drain N no-op jobs with PgQueuer, as PgQueuer's own drain benchmark does: `workers` PgQueuer instances, each on its
own asyncpg connection, batch size 10, drain mode. Prints one JSON object like `floworx-bench drain`."""
import argparse
import asyncio
import json
import time

import asyncpg
from pgqueuer import PgQueuer
from pgqueuer.db import AsyncpgDriver
from pgqueuer.models import Job
from pgqueuer.queries import Queries
from pgqueuer.domain.types import QueueExecutionMode


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()

    setup = Queries(AsyncpgDriver(await asyncpg.connect(dsn=args.dsn)))
    if not await setup.has_table("pgqueuer"):
        await setup.install()
    await setup.clear_queue()
    for start in range(0, args.jobs, 5000):
        count = min(5000, args.jobs - start)
        await setup.enqueue(["noop"] * count, [b""] * count, [0] * count)

    done = 0
    managers = []
    for _ in range(args.workers):
        pgq = PgQueuer(AsyncpgDriver(await asyncpg.connect(dsn=args.dsn)))

        @pgq.entrypoint("noop")
        async def noop(job: Job) -> None:
            nonlocal done
            done += 1

        managers.append(pgq)

    began = time.perf_counter()
    await asyncio.gather(*(pgq.run(batch_size=args.batch, mode=QueueExecutionMode.drain) for pgq in managers))
    elapsed = time.perf_counter() - began
    print(json.dumps({"system": "pgqueuer", "jobs": done, "workers": args.workers, "batch": args.batch,
                      "seconds": elapsed, "per_s": done / elapsed}, sort_keys=True))


if __name__ == "__main__":
    try:
        import uvloop
        uvloop.run(main())
    except ImportError:
        asyncio.run(main())
