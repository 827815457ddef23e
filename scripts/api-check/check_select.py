"""Select grammar, JSON paths and embedded resources, through the official supabase-py client.

Called by supabase_check.py as run(ctx) with its Run: ctx.a and ctx.b are tenants A and B signed in, ctx.svc the
service client, ctx.check(name, body) reports PASS/FAIL, ctx.recorder holds the HTTP exchanges.
"""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    # The shared helpers; imported here, once supabase_check (which imports this module) has loaded.
    from supabase_check import equal as _equal, expect as _expect, expect_api_error

    def _error(ctx: Any, call: Any, code: str, status: int) -> None:
        expect_api_error(ctx.recorder, call, code, status)

    tag = ctx.tag
    flows: dict[str, dict[str, Any]] = {}

    def setup() -> None:
        rows = [
            {"client_id": ctx.a_id, "name": f"sel-{tag}-1", "version": 1, "workflow_data": {"meta": {"priority": 2, "status": "live"}, "items": [{"name": "first"}]}},
            {"client_id": ctx.a_id, "name": f"sel-{tag}-2", "version": 2, "workflow_data": {"meta": {"priority": 7, "status": "draft"}, "items": [{"name": "second"}]}},
        ]
        for row in ctx.a.table("workflows").insert(rows).execute().data:
            flows[row["name"]] = row
        theirs = ctx.b.table("workflows").insert(
            {"client_id": ctx.b_id, "name": f"sel-{tag}-b", "workflow_data": {"meta": {"priority": 1, "status": "live"}}}
        ).execute().data[0]
        metrics = [
            {"workflow_id": flows[f"sel-{tag}-1"]["id"], "execution_time": 11},
            {"workflow_id": flows[f"sel-{tag}-1"]["id"], "execution_time": 22},
            {"workflow_id": theirs["id"], "execution_time": 99},
        ]
        ctx.svc.table("workflow_metrics").insert(metrics).execute()
    ctx.check("select: set up workflows and metrics for A and B", setup)
    if len(flows) != 2:
        return
    mine = f"sel-{tag}-*"

    def star_unknown() -> None:
        _error(ctx, lambda: ctx.a.table("workflows").select("*, no_such_column").execute(), "42703", 400)
    ctx.check("select: '*, no_such_column' -> 400 42703", star_unknown)

    def star_alias_cast() -> None:
        rows = ctx.a.table("workflows").select("*, v:version::text").like("name", mine).order("version").execute().data
        _equal([row["v"] for row in rows], ["1", "2"], "aliased cast after *")
        _expect(all("workflow_data" in row and "id" in row for row in rows), "* columns missing")
    ctx.check("select: '*, v:version::text' keeps every item", star_alias_cast)

    def json_select() -> None:
        rows = ctx.a.table("workflows").select("name, prio:workflow_data->meta->priority, first:workflow_data->items->0->>name, workflow_data->meta->>status") \
            .like("name", mine).order("version").execute().data
        _equal(rows, [
            {"name": f"sel-{tag}-1", "prio": 2, "first": "first", "status": "live"},
            {"name": f"sel-{tag}-2", "prio": 7, "first": "second", "status": "draft"},
        ], "JSON paths in select (the last key names the column)")
    ctx.check("select: JSON paths with alias and array index", json_select)

    def json_filter_order() -> None:
        live = ctx.a.table("workflows").select("name").eq("workflow_data->meta->>status", "live").like("name", mine).execute().data
        _equal(live, [{"name": f"sel-{tag}-1"}], "eq on ->> (B's live workflow never shows)")
        ordered = ctx.a.table("workflows").select("name").like("name", mine) \
            .order("workflow_data->meta->priority", desc=True).execute().data
        _equal([row["name"] for row in ordered], [f"sel-{tag}-2", f"sel-{tag}-1"], "order by a JSON path")
    ctx.check("select: JSON paths in filters and order", json_filter_order)

    def embed_to_one() -> None:
        rows = ctx.a.table("workflows").select("name, owner:profiles(id)").eq("name", f"sel-{tag}-1").execute().data
        _equal(rows, [{"name": f"sel-{tag}-1", "owner": {"id": ctx.a_id}}], "many-to-one embedding")
    ctx.check("embed: many-to-one as an object, aliased", embed_to_one)

    def embed_to_many() -> None:
        rows = ctx.a.table("workflows").select("name, workflow_metrics(execution_time)").like("name", mine) \
            .order("version").order("execution_time", desc=True, foreign_table="workflow_metrics").execute().data
        _equal(rows, [
            {"name": f"sel-{tag}-1", "workflow_metrics": [{"execution_time": 22}, {"execution_time": 11}]},
            {"name": f"sel-{tag}-2", "workflow_metrics": []},
        ], "one-to-many embedding (B's metric never appears)")
    ctx.check("embed: one-to-many as an array, ordered inside", embed_to_many)

    def embed_inner() -> None:
        rows = ctx.a.table("workflows").select("name, workflow_metrics!inner(execution_time)").like("name", mine) \
            .eq("workflow_metrics.execution_time", 11).execute().data
        _equal(rows, [{"name": f"sel-{tag}-1", "workflow_metrics": [{"execution_time": 11}]}], "!inner with an embedded filter")
        limited = ctx.a.table("profiles").select("id, workflows(name)").like("workflows.name", mine) \
            .limit(1, foreign_table="workflows").execute().data
        _equal([len(row["workflows"]) for row in limited], [1], "limit inside the embedding")
    ctx.check("embed: !inner filters parents; limit inside", embed_inner)

    def embed_nested() -> None:
        rows = ctx.a.table("profiles").select("id, workflows(name, workflow_metrics(execution_time))") \
            .eq("workflows.name", f"sel-{tag}-1").execute().data
        _equal(len(rows), 1, "one profile")
        _equal(sorted(m["execution_time"] for m in rows[0]["workflows"][0]["workflow_metrics"]), [11, 22], "nested metrics")
    ctx.check("embed: nested", embed_nested)

    def embed_errors() -> None:
        _error(ctx, lambda: ctx.a.table("workflows").select("*, invoices(*)").execute(), "PGRST200", 400)
        _error(ctx, lambda: ctx.a.table("workflows").select("*, profiles!nope(*)").execute(), "PGRST200", 400)
    ctx.check("embed: no relationship -> 400 PGRST200", embed_errors)
