"""Could every tenant-scoped statement FloWorx issues be routed by `client_id` on Citus? (issue 14, item 7;
docs/scaling.md, "The routing test").

Reads the statements executed as the `authenticated` role (the tenant path sets it per transaction) from
`pg_stat_statements` of a cluster the server and web test suites ran against, and judges each from its generic plan,
taken as a superuser so that row-level security adds nothing: every scan of a distributed table must be pinned to one
business — `client_id = $n` (`id = $n` for `profiles`) in its own conditions, or joined on `client_id` to a scan that
is. A child table that has no `client_id` yet (docs/scaling.md: `ai_responses`, `workflow_metrics`, `invoices`, …)
counts as pinned when it is joined on its parent key to a pinned parent: it becomes routable with the plan's column.
INSERTs are routed by the inserted rows' values and are not judged. Prints a summary and every unroutable statement;
exits 1 if one is not among the known exceptions (`exceptions.json` next to this file: each entry the statement's
text, whitespace collapsed, and the reason it may stay unroutable), or if a known exception is now routable (remove it:
the list only shrinks by hand and never grows silently). Before judging, it checks itself on two statements whose
verdicts are known, so a broken judge cannot pass everything.

Usage: routing_check.py --url POSTGRES_URL (a superuser on the cluster) [--database NAME] [--show N]
       [--exceptions FILE] [--write-exceptions FILE] (writes the current unroutable statements with reason "TODO")
"""
import os
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
        "billing_notices", "stripe_objects", "llm_usage", "ingest_buckets", "n8n_deployments", "oauth_states",
        "billing_counted_emails"]},
    "onboarding.progress": "client_id",
    "rollups.analytics_daily": "client_id",
    "rollups.performance_daily": "client_id",
    # A signed-in user is a business (profiles.id = auth.users.id), so a user's push subscriptions live with it.
    "push.subscriptions": "user_id",
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
    # A parameter, possibly cast (`($1)::uuid` is how `$1::text::uuid` is deparsed), or a uuid literal.
    value = r"(\(?\$\d+\)?(?:::\w+)*|'[^']*'::uuid)"
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


def plans(url: str, queries: list) -> list:
    """Each statement's generic plan (a dict), or the error that stopped it, from one psql session."""
    script = ["SET plan_cache_mode = force_generic_plan;"]
    for number, query in enumerate(queries):
        params = max([int(n) for n in re.findall(r"\$(\d+)", query)] or [0])
        args = f"({', '.join(['NULL'] * params)})" if params else ""
        script += [f"\\echo @@routing {number}", f"PREPARE routing_q{number} AS {query};",
                   f"EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE routing_q{number}{args};", f"DEALLOCATE routing_q{number};"]
    result = subprocess.run(["psql", url, "-X", "-q", "-t", "-A"], input="\n".join(script) + "\n",
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sections = re.split(r"^@@routing (\d+)$", result.stdout, flags=re.M)
    found = {int(sections[i]): sections[i + 1] for i in range(1, len(sections) - 1, 2)}
    answers = []
    for number in range(len(queries)):
        text = found.get(number, "psql gave nothing")
        error = re.search(r"ERROR:.*", text)
        if error or "[" not in text:
            answers.append(error.group(0) if error else text.strip()[:200])
        else:
            answers.append(json.loads(text[text.index("["):text.rindex("]") + 1])[0]["Plan"])
    return answers


def judge_plan(plan) -> tuple[str, list]:
    """The verdict on one plan (or the error planning it)."""
    if isinstance(plan, str):
        return "unanalysable", [plan]
    scans, conditions = [], []
    walk(plan, scans, conditions)
    relevant = [(t, a) for t, a in scans if t in DISTRIBUTED or t in CHILDREN]
    if not relevant:
        return "no distributed table", []
    pinned, through_parent = pinned_scans(relevant, conditions)
    loose = sorted({t for t, a in relevant if a not in pinned and a not in through_parent})
    if loose:
        return "unroutable", loose
    return ("routable after the plan's column" if through_parent else "routable"), []


def judge(url: str, query: str) -> tuple[str, list]:
    return judge_plan(plans(url, [query])[0])


def normalized(query: str) -> str:
    return re.sub(r"\s+", " ", query.strip().rstrip(";")).strip()


def self_test(plan_url: str) -> None:
    """The judge on statements whose verdicts are known: a read that only RLS scopes, and the same read pinned."""
    cases = [
        ("SELECT l.id FROM public.email_logs l WHERE l.subject = $1", "unroutable"),
        ("SELECT l.id FROM public.email_logs l WHERE l.id = $1", "unroutable"),
        ("SELECT l.id FROM public.email_logs l JOIN public.business_hours h ON h.client_id = l.client_id WHERE l.client_id = $1", "routable"),
        ("SELECT l.id FROM public.email_logs l JOIN public.business_hours h ON h.client_id = l.client_id WHERE h.client_id = $1 AND l.subject = $2", "routable"),
        ("SELECT p.id FROM public.profiles p WHERE p.id = $1", "routable"),
        ("SELECT a.id FROM public.ai_responses a JOIN public.email_logs l ON l.id = a.email_log_id WHERE l.client_id = $1", "routable after the plan's column"),
        ("SELECT a.id FROM public.ai_responses a WHERE a.email_log_id = $1", "unroutable"),
        ("SELECT l.id FROM public.email_logs l WHERE l.client_id = $1::text::uuid", "routable"),
        ("SELECT l.id FROM public.email_logs l WHERE l.client_id = ANY($1::uuid[])", "unroutable"),
    ]
    for query, expected in cases:
        verdict, detail = judge(plan_url, query)
        if verdict != expected:
            sys.exit(f"routing check: the judge is broken: {query!r} judged {verdict} {detail}, expected {expected}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", help="a migrated database to plan in (default: the newest test database)")
    parser.add_argument("--show", type=int, default=40)
    parser.add_argument("--width", type=int, default=300, help="characters of each unroutable statement shown")
    parser.add_argument("--minimum", type=int, default=300, help="fewer tenant statement shapes fail the check (the suites issue about 650)")
    parser.add_argument("--exceptions", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "exceptions.json"))
    parser.add_argument("--write-exceptions", help="write the unroutable statements to this file (reasons TODO)")
    args = parser.parse_args()
    database = args.database or psql(args.url, "SELECT datname FROM pg_database WHERE datname LIKE 'm\\_%' ORDER BY oid DESC LIMIT 1").stdout.strip()
    plan_url = re.sub(r"(//[^/]+)/[^/?]*", rf"\1/{database}", args.url, count=1)
    self_test(plan_url)
    exceptions = {}
    if os.path.exists(args.exceptions):
        with open(args.exceptions) as file:
            for entry in json.load(file):
                if not entry.get("reason") or entry["reason"] == "TODO":
                    sys.exit(f"routing check: the known exception {entry['query'][:120]!r} has no reason")
                exceptions[normalized(entry["query"])] = entry["reason"]
    rows = psql(args.url, "SELECT json_agg(json_build_object('query', query, 'calls', calls)) FROM pg_stat_statements "
                          "WHERE userid = 'authenticated'::regrole").stdout.strip()
    statements = json.loads(rows or "null") or []
    verdicts: dict = {}
    unroutable, excused, seen = [], [], set()
    statements = [s for s in statements if not re.match(
        r"(?is)^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET |SHOW |select pg_backend_pid\(\) \+ 0)", s["query"])]
    for statement, plan in zip(statements, plans(plan_url, [s["query"].strip().rstrip(";") for s in statements])):
        query = statement["query"].strip().rstrip(";")
        verdict, detail = judge_plan(plan)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        seen.add(normalized(query))
        if verdict == "unroutable" and normalized(query) in exceptions:
            excused.append(normalized(query))
        elif verdict == "unroutable":
            unroutable.append((statement["calls"], detail, normalized(query)))
        elif normalized(query) in exceptions:
            print(f"  NOW ROUTABLE, remove it from {os.path.basename(args.exceptions)}: {normalized(query)[:200]}")
            unroutable.append((statement["calls"], ["(a known exception that is routable now)"], normalized(query)))
        elif verdict == "unanalysable" and "does not exist" in detail[0]:
            # Tables and functions a test created and dropped again (test_notes, add_numbers): not FloWorx's.
            print(f"  (not analysable: {detail[0][:120]}: {re.sub(chr(10), ' ', query)[:160]})", file=sys.stderr)
        elif verdict == "unanalysable":
            unroutable.append((statement["calls"], [f"(could not be planned: {detail[0][:160]})"], normalized(query)))
    print(f"routing check: {sum(verdicts.values())} tenant-scoped statement shapes in {database}")
    if sum(verdicts.values()) < args.minimum:
        sys.exit(f"routing check: only {sum(verdicts.values())} tenant statements were recorded (at least {args.minimum} expected): "
                 "did the suites run against this cluster?")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict}: {count}")
    print(f"  of the unroutable: {len(excused)} known exceptions ({os.path.basename(args.exceptions)}, each with its reason), "
          f"{len(unroutable)} not")
    unseen = [query for query in exceptions if query not in seen]
    if unseen:
        print(f"  {len(unseen)} known exceptions were not executed by this run (kept; remove them if the code is gone)")
    if args.write_exceptions:
        with open(args.write_exceptions, "w") as file:
            json.dump([{"reason": exceptions.get(q, "TODO"), "query": q} for q in sorted(set(excused) | {q for _, _, q in unroutable})],
                      file, indent=1)
            file.write("\n")
    from_api = sum(1 for _, _, q in unroutable if ' AS _t' in q)
    by_id = sum(1 for _, _, q in unroutable if re.match(r"(?i)^SELECT \$\d+ FROM \S+ WHERE id = \$\d+$", q))
    print(f"  of the unroutable: {from_api} from the data API (RLS alone scopes them), {by_id} existence checks by row id, "
          f"{len(unroutable) - from_api - by_id} other statements of FloWorx's own")
    for calls, tables, query in sorted(unroutable, reverse=True)[:args.show]:
        print(f"  UNROUTABLE ({calls} calls; not pinned: {', '.join(tables)}): {query[:args.width]}")
    sys.exit(1 if unroutable else 0)


if __name__ == "__main__":
    main()
