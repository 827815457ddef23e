"""Could every tenant-scoped statement FloWorx issues be routed by `client_id` on Citus? (issue 14, item 7;
docs/scaling.md, "The routing test").

Reads the statements executed as the `authenticated` role (the tenant path sets it per transaction) from
`pg_stat_statements` of a cluster the server and web test suites ran against, and judges each from its generic plan,
taken as a superuser so that row-level security adds nothing: every scan of a distributed table must be pinned to one
business — `client_id = $n` (`id = $n` for `profiles`) in its own conditions, or joined on `client_id` to a scan that
is. A child table that has no `client_id` yet (docs/scaling.md: `ai_responses`, `workflow_metrics`, `invoices`, …)
counts as pinned when it is joined on its parent key to a pinned parent: it becomes routable with the plan's column.
INSERTs are routed by the inserted rows' values and are not judged. Prints a summary and every unroutable statement;
exits 1 if there is one.

Usage: routing_check.py --url POSTGRES_URL (a superuser on the cluster) [--database NAME] [--show N]
"""
import argparse
import json
import re
import subprocess
import sys

DISTRIBUTED = {
    "public.profiles": "id",
    **{f"public.{t}": "client_id" for t in [
        "integrations", "communication_styles", "business_hours", "escalation_rules", "notification_settings",
        "email_logs", "email_queue", "analytics_events", "performance_metrics", "workflows", "subscriptions",
        "error_logs", "dead_letter_queue"]},
    **{f"floworx.{t}": "client_id" for t in [
        "mailboxes", "jobs", "notifications", "sla_timers", "triage_corrections", "billing_customers", "billing_usage",
        "billing_notices", "stripe_objects", "llm_usage", "ingest_buckets", "n8n_deployments", "oauth_states"]},
}
# Tables without client_id today, the key that joins them to their parent, and the parent (docs/scaling.md).
CHILDREN = {
    "public.ai_responses": ("email_log_id", "public.email_logs"),
    "public.workflow_metrics": ("workflow_id", "public.workflows"),
    "public.invoices": ("subscription_id", "public.subscriptions"),
    "floworx.mailbox_drafts": ("integration_id", "public.integrations"),
    "floworx.mailbox_effects": ("integration_id", "public.integrations"),
    "floworx.mailbox_folder_cursors": ("integration_id", "public.integrations"),
}
CONDITIONS = ("Index Cond", "Filter", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter", "TID Cond")


def psql(url: str, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"], input=sql,
                          capture_output=True, text=True)


def walk(node: dict, scans: list, conditions: list) -> None:
    relation = node.get("Relation Name")
    if relation and node.get("Node Type") not in ("ModifyTable",):
        scans.append((f"{node.get('Schema', 'public')}.{relation}", node.get("Alias", relation)))
    for key in CONDITIONS:
        if key in node:
            conditions.append(node[key])
    for child in node.get("Plans", []):
        walk(child, scans, conditions)


def pinned_scans(scans: list, conditions: list) -> tuple[set, set]:
    """The aliases pinned to one business directly or through joins, and those pinned only through a parent key."""
    text = " ".join(conditions)
    pinned, through_parent = set(), set()
    value = r"(\$\d+|'[^']*'::uuid)"
    for table, alias in scans:
        column = DISTRIBUTED.get(table)
        if column and re.search(rf"\b{re.escape(alias)}\.{column}\)? = {value}|{value} = \(?{re.escape(alias)}\.{column}\b", text):
            pinned.add(alias)
    changed = True
    while changed:
        changed = False
        for table, alias in scans:
            if alias in pinned or alias in through_parent:
                continue
            column = DISTRIBUTED.get(table)
            for other_table, other in scans:
                if other not in pinned and other not in through_parent:
                    continue
                other_column = DISTRIBUTED.get(other_table)
                if column and other_column and re.search(
                        rf"\b{re.escape(alias)}\.{column} = \(?{re.escape(other)}\.{other_column}\b|\b{re.escape(other)}\.{other_column} = \(?{re.escape(alias)}\.{column}\b", text):
                    pinned.add(alias)
                    changed = True
                    break
                if table in CHILDREN and CHILDREN[table][1] == other_table and re.search(
                        rf"\b{re.escape(alias)}\.{CHILDREN[table][0]} = \(?{re.escape(other)}\.id\b|\b{re.escape(other)}\.id = \(?{re.escape(alias)}\.{CHILDREN[table][0]}\b", text):
                    through_parent.add(alias)
                    changed = True
                    break
    return pinned, through_parent


def judge(url: str, query: str) -> tuple[str, list]:
    params = max([int(n) for n in re.findall(r"\$(\d+)", query)] or [0])
    args = f"({', '.join(['NULL'] * params)})" if params else ""
    sql = (f"SET plan_cache_mode = force_generic_plan;\nPREPARE routing_q AS {query};\n"
           f"EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE routing_q{args};\n")
    result = psql(url, sql)
    if result.returncode != 0:
        return "unanalysable", [result.stderr.strip().splitlines()[0] if result.stderr.strip() else "psql failed"]
    plan = json.loads(result.stdout[result.stdout.index("["):])[0]["Plan"]
    scans, conditions = [], []
    walk(plan, scans, conditions)
    relevant = [(t, a) for t, a in scans if t in DISTRIBUTED or t in CHILDREN]
    if not relevant:
        return "no distributed table", []
    if plan.get("Node Type") == "ModifyTable" and plan.get("Operation") == "Insert" and not relevant:
        return "insert", []
    pinned, through_parent = pinned_scans(relevant, conditions)
    loose = sorted({t for t, a in relevant if a not in pinned and a not in through_parent})
    if loose:
        return "unroutable", loose
    return ("routable after the plan's column" if through_parent else "routable"), []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", help="a migrated database to plan in (default: the newest test database)")
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    database = args.database or psql(args.url, "SELECT datname FROM pg_database WHERE datname LIKE 'm\\_%' ORDER BY oid DESC LIMIT 1").stdout.strip()
    plan_url = re.sub(r"(//[^/]+)/[^/?]*", rf"\1/{database}", args.url, count=1)
    rows = psql(args.url, "SELECT json_agg(json_build_object('query', query, 'calls', calls)) FROM pg_stat_statements "
                          "WHERE userid = 'authenticated'::regrole").stdout.strip()
    statements = json.loads(rows or "null") or []
    verdicts: dict = {}
    unroutable = []
    for statement in statements:
        query = statement["query"].strip().rstrip(";")
        if re.match(r"(?is)^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET |SHOW |select pg_backend_pid\(\) \+ 0)", query):
            continue
        verdict, detail = judge(plan_url, query)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        if verdict == "unroutable":
            unroutable.append((statement["calls"], detail, re.sub(r"\s+", " ", query)))
        elif verdict == "unanalysable":
            print(f"  (not analysable: {detail[0][:120]}: {re.sub(chr(10), ' ', query)[:160]})", file=sys.stderr)
    print(f"routing check: {sum(verdicts.values())} tenant-scoped statement shapes in {database}")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict}: {count}")
    from_api = sum(1 for _, _, q in unroutable if ' AS _t' in q)
    by_id = sum(1 for _, _, q in unroutable if re.match(r"(?i)^SELECT \$\d+ FROM \S+ WHERE id = \$\d+$", q))
    print(f"  of the unroutable: {from_api} from the data API (RLS alone scopes them), {by_id} existence checks by row id, "
          f"{len(unroutable) - from_api - by_id} other statements of FloWorx's own")
    for calls, tables, query in sorted(unroutable, reverse=True)[:args.show]:
        print(f"  UNROUTABLE ({calls} calls; not pinned: {', '.join(tables)}): {query[:300]}")
    sys.exit(1 if unroutable else 0)


if __name__ == "__main__":
    main()
