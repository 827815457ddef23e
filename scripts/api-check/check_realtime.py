"""Realtime (/realtime/v1/websocket) through the official supabase-py async client (its realtime-py client, Phoenix
channels v1): tenants A and B each subscribe to postgres_changes on email_logs; each receives its own insert and
nothing of the other's (row-level security decides, per subscriber, in the database); a filter is honoured; a join to a
table that is not published is refused; broadcast reaches another client of the same topic.

Called by supabase_check.py as run(ctx) with its Run: ctx.url, ctx.anon_key, ctx.a_email / ctx.b_email, ctx.a_id /
ctx.b_id, ctx.svc the service client, ctx.check(name, body) reports PASS/FAIL.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from supabase import AsyncClientOptions, acreate_client

# How long to wait for a message that must arrive (a bound, not a measurement).
WAIT = 15.0


async def _signed_in(ctx: Any, email: str, password: str) -> Any:
    client = await acreate_client(ctx.url, ctx.anon_key, AsyncClientOptions(auto_refresh_token=False))
    session = (await client.auth.sign_in_with_password({"email": email, "password": password})).session
    # The client hands the new token to realtime in a background task; wait for it so the join carries it.
    await client.realtime.set_auth(session.access_token)
    return client


async def _subscribe(client: Any, topic: str, received: list[dict[str, Any]], **binding: Any) -> Any:
    states: list[str] = []
    channel = client.channel(topic)
    channel.on_postgres_changes(callback=received.append, **binding)
    await channel.subscribe(lambda state, error: states.append(f"{state}{': ' + str(error) if error else ''}"))
    if not states or not str(states[-1]).endswith("SUBSCRIBED"):
        raise AssertionError(f"{topic}: not subscribed: {states}")
    return channel


async def _until(condition: Any, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def _ids(messages: list[dict[str, Any]]) -> set[str]:
    return {(m["data"].get("record") or m["data"].get("old_record") or {}).get("id") for m in messages}


def run(ctx: Any) -> None:
    # supabase_check's own helpers; imported here, as it imports this module.
    from supabase_check import PASSWORD, equal, expect

    def log(client_id: str, subject: str) -> str:
        return ctx.svc.table("email_logs").insert({
            "client_id": client_id, "message_id": f"<rt-{uuid.uuid4()}@example.com>", "from_email": "customer@example.com",
            "to_email": "office@example.com", "subject": subject,
        }).execute().data[0]["id"]

    async def isolation() -> None:
        a = await _signed_in(ctx, ctx.a_email, PASSWORD)
        b = await _signed_in(ctx, ctx.b_email, PASSWORD)
        got_a: list[dict[str, Any]] = []
        got_b: list[dict[str, Any]] = []
        filtered: list[dict[str, Any]] = []
        try:
            await _subscribe(a, f"rt-a-{ctx.tag}", got_a, event="INSERT", table="email_logs", schema="public")
            await _subscribe(b, f"rt-b-{ctx.tag}", got_b, event="*", table="email_logs", schema="public")
            await _subscribe(a, f"rt-f-{ctx.tag}", filtered, event="INSERT", table="email_logs", schema="public",
                             filter="subject=eq.realtime-urgent")
            # B's row first: changes are dispatched in commit order, so once A has its own, B's had its chance.
            theirs = await asyncio.to_thread(log, ctx.b_id, "realtime-urgent")
            mine = await asyncio.to_thread(log, ctx.a_id, "realtime-plain")
            urgent = await asyncio.to_thread(log, ctx.a_id, "realtime-urgent")
            await _until(lambda: urgent in _ids(got_a) and urgent in _ids(filtered), "A's inserts")
            await _until(lambda: theirs in _ids(got_b), "B's insert")
            expect(mine in _ids(got_a), "A received its own insert")
            record = next(m["data"]["record"] for m in got_a if m["data"]["record"]["id"] == mine)
            equal(record["client_id"], ctx.a_id, "record.client_id")
            equal(got_a[0]["data"]["type"], "INSERT", "data.type")
            expect(bool(got_a[0]["data"]["commit_timestamp"]), "commit_timestamp")
            expect(theirs not in _ids(got_a), f"A received B's row {theirs}: {got_a}")
            expect(not (_ids(got_b) & {mine, urgent}), f"B received A's rows: {got_b}")
            equal(_ids(filtered), {urgent}, "rows through filter subject=eq.realtime-urgent (A's only)")
        finally:
            for client in (a, b):
                await client.remove_all_channels()
                await client.realtime.close()

    ctx.check("realtime: each tenant receives its own insert and nothing of the other's; a filter is honoured",
              lambda: asyncio.run(isolation()))

    async def refused() -> None:
        a = await _signed_in(ctx, ctx.a_email, PASSWORD)
        try:
            states: list[Any] = []
            channel = a.channel(f"rt-refused-{ctx.tag}")
            channel.on_postgres_changes(event="*", table="email_queue", schema="public", callback=lambda _: None)
            await channel.subscribe(lambda state, error: states.append((str(state), str(error))))
            expect(bool(states) and "CHANNEL_ERROR" in states[-1][0], f"join to an unpublished table: {states}")
            expect("not published" in states[-1][1], f"the reason names it: {states}")
        finally:
            await a.remove_all_channels()
            await a.realtime.close()

    ctx.check("realtime: a join to a table that is not published is refused with the reason", lambda: asyncio.run(refused()))

    async def broadcast() -> None:
        a = await _signed_in(ctx, ctx.a_email, PASSWORD)
        b = await _signed_in(ctx, ctx.b_email, PASSWORD)
        heard: list[Any] = []
        try:
            topic = f"rt-room-{ctx.tag}"
            listener = b.channel(topic)
            listener.on_broadcast("cursor", heard.append)
            await listener.subscribe()
            sender = a.channel(topic, {"config": {"broadcast": {"ack": True, "self": False}}})
            await sender.subscribe()
            await sender.send_broadcast("cursor", {"x": 7})
            await _until(lambda: heard, "the broadcast")
            equal(heard[0]["payload"], {"x": 7}, "broadcast payload")
        finally:
            for client in (a, b):
                await client.remove_all_channels()
                await client.realtime.close()

    ctx.check("realtime: broadcast reaches another client of the topic", lambda: asyncio.run(broadcast()))
