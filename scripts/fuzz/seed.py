#!/usr/bin/env python3
"""Seeds the fuzz corpus (Fuzz/Corpus/<target>/) from the tests' own inputs.

  query        query strings of /rest/v1 requests in Tests/FloWorxServerTests, plus the grammar's corner cases
  range        Range header values used by the tests, plus corner cases
  prefer       Prefer header values used by the tests
  mime         the .eml files under Tests/ (MIME fixtures and the mailbox), up to MAX_SEED bytes each
  ingest-json  the mailbox's normalized JSON messages, and batch forms built from them
  rules        escalation rules of the mailbox clients and the JSON rule texts of the rule tests

Files are named by the SHA-1 of their content, as libFuzzer names what it adds, so re-running is idempotent and
never duplicates a seed. Run from anywhere: python3 scripts/fuzz/seed.py
"""
import hashlib
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "Fuzz" / "Corpus"
# Matches run.sh's -max_len for the biggest target: a longer seed would be cut anyway.
MAX_SEED = 64 * 1024


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > MAX_SEED:
        return
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def swift_sources(*parts):
    return sorted((ROOT / "Tests").joinpath(*parts).rglob("*.swift"))


def seed_query():
    for path in swift_sources("FloWorxServerTests"):
        text = path.read_text()
        for match in re.finditer(r'/rest/v1/[a-z_]*\?([^"\s]*)"', text):
            if "\\(" not in match.group(1):
                write("query", match.group(1))
        for match in re.finditer(r'query: "([^"]*)"', text):
            write("query", match.group(1))
    for query in [
        "select=*", "select=id,name", "select=alias:name,version::text", "select=id&order=name.desc.nullslast,id",
        "order=version.asc.nullsfirst&limit=10&offset=5", "limit=0", "offset=0",
        "or=(version.eq.1,name.ilike.*digest*)", "and=(version.gte.1,or(name.eq.a,not.and(version.lt.3,is_active.is.true)))",
        "not.or=(version.eq.1,version.eq.2)", "not.and=(deployed_at.is.null,name.like.a*)",
        'name=in.("a,b","c\\"d",e)', "name=eq.%22quoted%22", "name=eq.a+b", "name=eq.100%25", "tags=cs.{a,b}", "tags=cd.{}",
        "version=not.in.(1,2)&name=not.is.null", "id=eq.00000000-0000-0000-0000-000000000001",
        # `#N` nests the first logic tree N levels deeper (QueryFuzzer.nested).
        "or=(version.eq.1,name.eq.a)#2000", "not.and=(or(version.eq.1),deployed_at.is.null)#5000", "and=(name.eq.a)#40&select=id",
    ]:
        write("query", query)


def seed_headers():
    texts = "\n".join(path.read_text() for path in swift_sources("FloWorxServerTests"))
    for value in set(re.findall(r'range\("([^"]*)"', texts)):
        write("range", value)
    for value in ["0-24", "items=0-9", "5-", "0-0", "10-5", "-1", "items=", "1-2-3", "9223372036854775806-9223372036854775807",
                  "0-9223372036854775807"]:  # the last one overflowed `upper - lower + 1` (found by this target)
        write("range", value)
    prefers = set(re.findall(r'prefer\("([^"]*)"', texts)) | set(re.findall(r'prefer: "([^"]*)"', texts))
    for value in prefers:
        write("prefer", value)
    write("prefer", "return=minimal\ncount=planned, tx=commit")
    write("prefer", "return=headers-only,resolution=ignore-duplicates,count=estimated")


def seed_mime():
    for path in sorted((ROOT / "Tests").rglob("*.eml")):
        write("mime", path.read_bytes())


def seed_ingest():
    messages = []
    for path in sorted((ROOT / "Tests" / "Mailbox" / "messages").rglob("*.json")):
        data = path.read_bytes()
        write("ingest-json", data)
        messages.append(json.loads(data))
    if len(messages) >= 2:
        write("ingest-json", json.dumps(messages[:2]))
        write("ingest-json", json.dumps({"messages": messages[2:4], "priority": 7}))


def seed_rules():
    for path in sorted((ROOT / "Tests" / "Mailbox" / "clients").glob("*.json")):
        client = json.loads(path.read_text())
        for rule in client.get("escalation_rules", []):
            write("rules", json.dumps({"conditions": rule.get("conditions"), "actions": rule.get("actions")}))
    for path in swift_sources("FloWorxCoreTests", "Rules"):
        for match in re.finditer(r'#"(.*?)"#', path.read_text()):
            try:
                json.loads(match.group(1))
            except ValueError:
                continue
            write("rules", match.group(1))


if __name__ == "__main__":
    seed_query()
    seed_headers()
    seed_mime()
    seed_ingest()
    seed_rules()
    for directory in sorted(CORPUS.iterdir()):
        files = list(directory.iterdir())
        print(f"{directory.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
