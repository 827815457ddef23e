"""RPC (/rest/v1/rpc/{fn}) through the official supabase-py client: the dashboard analytics of migration 0035, row-level
security between tenants inside those invoker functions, filters/order/limit/select/count on a set-returning function,
GET calls, and PostgREST's errors (PGRST202, 22023).

Called by supabase_check.py as run(ctx) with its Run: ctx.a and ctx.b are tenants A and B signed in, ctx.svc the
service client, ctx.anon the anon client, ctx.check(name, body) reports PASS/FAIL, ctx.recorder holds the HTTP exchanges.
"""

from __future__ import annotations

import json
from typing import Any


# A day long past, so that the mail the other checks write today does not count; noon UTC is that day in every zone
# a business may have.
DAY = "2025-03-11"
RANGE = {"p_from": "2025-03-10", "p_to": "2025-03-12"}


def _volume(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return [(row["day"], row["category"], row["emails"]) for row in rows]


def run(ctx: Any) -> None:
    # supabase_check's own helpers; imported here, as it imports this module.
    from supabase_check import equal, expect, expect_api_error

    def mail(client_id: str, number: int, category: str, urgency: str, status: str) -> None:
        message = f"rpc-{ctx.tag}-{client_id[:8]}-{number}"
        log = ctx.svc.table("email_logs").insert({
            "client_id": client_id, "message_id": message, "from_email": "customer@example.com",
            "to_email": "office@example.com", "status": status, "created_at": f"{DAY}T12:00:0{number}Z",
        }).execute().data[0]
        ctx.svc.table("analytics_events").insert({
            "client_id": client_id, "event_type": "email_classified", "timestamp": f"{DAY}T12:01:00Z",
            "event_data": {"email_log_id": log["id"], "category": category, "urgency": urgency},
        }).execute()

    def setup() -> None:
        mail(ctx.a_id, 1, "SALES", "normal", "processed")
        mail(ctx.a_id, 2, "SALES", "high", "processed")
        mail(ctx.a_id, 3, "URGENT", "critical", "escalated")
        for number in range(1, 4):
            mail(ctx.b_id, number, "SALES", "low", "processed")
    ctx.check("rpc: set up mail of A and B on one day", setup)

    def isolated() -> None:
        mine = ctx.a.rpc("email_volume_by_category", RANGE).execute().data
        equal(_volume(mine), [(DAY, "SALES", 2), (DAY, "URGENT", 1)], "A's volume by category")
        expect(all(row["client_id"] == ctx.a_id for row in mine), "A's rows name only A")
        theirs = ctx.b.rpc("email_volume_by_category", RANGE).execute().data
        equal(_volume(theirs), [(DAY, "SALES", 3)], "B's volume by category")
        every = ctx.svc.rpc("email_volume_by_category", RANGE).eq("category", "SALES").execute().data
        equal({row["client_id"] for row in every}, {ctx.a_id, ctx.b_id}, "the operator sees both businesses")
    ctx.check("rpc: email_volume_by_category counts only the caller's own mail (RLS in an invoker function)", isolated)

    def filtered() -> None:
        rows = (ctx.a.rpc("email_volume_by_category", RANGE).eq("day", DAY)
                .order("emails", desc=True).limit(1).execute().data)
        equal(_volume(rows), [(DAY, "SALES", 2)], "eq + order + limit")
        urgent = ctx.a.rpc("email_volume_by_category", RANGE).select("category,emails").eq("category", "URGENT").execute().data
        equal(urgent, [{"category": "URGENT", "emails": 1}], "select + eq")
        counted = ctx.a.rpc("email_volume_by_category", RANGE, count="exact").limit(1).execute()
        equal(counted.count, 2, "count=exact")
        equal(len(counted.data), 1, "rows with limit 1")
    ctx.check("rpc: filters, select, order, limit and count on a set-returning function", filtered)

    def by_get() -> None:
        rows = ctx.a.rpc("escalation_summary", RANGE, get=True).execute().data
        equal([(row["day"], row["total"], row["escalated"], row["critical"], row["high"], row["normal"]) for row in rows],
               [(DAY, 3, 1, 1, 1, 1)], "escalation_summary by GET")
        times = ctx.a.rpc("response_times", RANGE).execute().data
        equal([(row["client_id"], row["emails"], row["drafted"]) for row in times], [(ctx.a_id, 3, 0)], "response_times")
    ctx.check("rpc: GET of a stable function; escalation_summary and response_times", by_get)

    def errors() -> None:
        unknown = expect_api_error(ctx.recorder, lambda: ctx.a.rpc("no_such_function", {}).execute(), "PGRST202", 404)
        expect("public.no_such_function" in (unknown.message or ""), f"message names the function: {unknown.message!r}")
        expect_api_error(ctx.recorder, lambda: ctx.a.rpc("email_volume_by_category", {"from": DAY, "to": DAY}).execute(), "PGRST202", 404)
        expect_api_error(ctx.recorder, lambda: ctx.anon.rpc("email_volume_by_category", RANGE).execute(), "PGRST202", 404)
        expect_api_error(ctx.recorder, lambda: ctx.a.rpc("email_volume_by_category", {"p_from": DAY, "p_to": "2025-03-01"}).execute(), "22023", 400)
        expect_api_error(ctx.recorder, lambda: ctx.a.rpc("email_volume_by_category", {"p_from": "soon", "p_to": DAY}).execute(), "22007", 400)
    ctx.check("rpc: unknown function, wrong argument names, anon, bad range -> PGRST202 / 22023 / 22007", errors)

    def bad_json() -> None:
        # supabase-py always sends valid JSON, so this one request goes through the same recorded httpx client by hand.
        token = ctx.a.auth.get_session().access_token
        response = ctx.recorder.http_client().post(
            f"{ctx.url}/rest/v1/rpc/email_volume_by_category", content=b'{"p_from": ',
            headers={"apikey": ctx.anon_key, "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        equal(response.status_code, 400, "status")
        equal(json.loads(response.text).get("code"), "PGRST102", "code")
    ctx.check("rpc: a body that is not JSON -> 400 PGRST102", bad_json)
