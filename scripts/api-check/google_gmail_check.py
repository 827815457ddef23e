#!/usr/bin/env python3
"""Drives the local Gmail server with Google's official Python client (`google-api-python-client`).

The check: `googleapiclient.discovery.build("gmail", "v1", static_discovery=True)` -- the client reads the Gmail
discovery document it ships (googleapiclient/discovery_cache/documents/gmail.v1.json) -- pointed at the local
server's base URL with a bearer token, calls every Gmail method FloWorx uses, and validates every request body,
every query parameter and every response body the client sends or receives against the discovery document's
schemas (a small validator below: `$ref`, type, properties -- an unknown field fails --, items,
additionalProperties, enum, formats int32/uint32/int64/uint64 (64-bit integers must be decimal strings) and byte
(base64url)). Error answers must have Google's error body.

The server is Sources/FloWorxLocalProviders/Gmail (LocalGmailServer). It runs inside the Swift test
`LocalGmailOfficialClientTests.officialClient`, which starts it, adds a mailbox, delivers five messages (subjects
"Official client 0".."4"), routes the Pub/Sub topic given as --topic, runs this script when FLOWORX_GOOGLE_PYTHON
names a Python with the pinned requirements (scripts/api-check/google-requirements.txt), then checks the
mailbox's state. scripts/api-check/google-check.sh makes the venv and runs that test.

Methods called (users.*): getProfile; history.list (paged with maxResults=2 and list_next, historyTypes);
messages.list (paged, labelIds) and get (format raw, metadata, minimal); messages.modify and batchModify;
labels.list, create (and a duplicate: 409), get, delete; drafts.create (in a thread), get (raw), update, list,
delete; watch and stop; and a 404 on messages.get with its error body.

Prints one line per check (PASS/FAIL name) and "N passed, M failed"; exits 1 on any failure.

Usage: google_gmail_check.py --base-url http://127.0.0.1:PORT --token ACCESS_TOKEN --start-history-id ID
       --topic projects/P/topics/T
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import sys
import traceback
import urllib.parse

import googleapiclient
import httplib2
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

DISCOVERY_PATH = os.path.join(
    os.path.dirname(googleapiclient.__file__), "discovery_cache", "documents", "gmail.v1.json"
)
with open(DISCOVERY_PATH, encoding="utf-8") as handle:
    DISCOVERY = json.load(handle)
SCHEMAS = DISCOVERY["schemas"]
BASE64URL = re.compile(r"^[A-Za-z0-9_\-]*={0,2}$")
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1)}


def validate(value, schema, path, problems):
    """Appends to `problems` every way `value` breaks the discovery `schema` (path names the place)."""
    if "$ref" in schema:
        schema = SCHEMAS[schema["$ref"]]
    kind = schema.get("type")
    fmt = schema.get("format")
    if kind == "object":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected object, got {type(value).__name__}")
            return
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                validate(item, properties[key], f"{path}.{key}", problems)
            elif extra is not None:
                validate(item, extra, f"{path}.{key}", problems)
            else:
                problems.append(f"{path}.{key}: unknown field")
    elif kind == "array":
        if not isinstance(value, list):
            problems.append(f"{path}: expected array, got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            validate(item, schema.get("items", {}), f"{path}[{index}]", problems)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected string, got {type(value).__name__} ({value!r})")
            return
        if fmt in ("int64", "uint64") and not re.fullmatch(r"-?\d+" if fmt == "int64" else r"\d+", value):
            problems.append(f"{path}: {fmt} string expected, got {value!r}")
        if fmt == "byte" and not BASE64URL.match(value):
            problems.append(f"{path}: base64url expected")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{path}: {value!r} not in {schema['enum']}")
    elif kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: expected integer, got {type(value).__name__} ({value!r})")
            return
        low, high = INT_RANGES.get(fmt, (-(2**63), 2**63 - 1))
        if not low <= value <= high:
            problems.append(f"{path}: {value} out of {fmt} range")
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected boolean, got {type(value).__name__}")
    elif kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: expected number, got {type(value).__name__}")
    elif kind == "any" or kind is None:
        pass
    else:
        problems.append(f"{path}: unknown schema type {kind}")


def method_spec(method_id):
    """The discovery entry of a method id such as `gmail.users.messages.get`."""
    node = DISCOVERY
    parts = method_id.split(".")[1:]  # drop "gmail"
    for part in parts[:-1]:
        node = node["resources"][part]
    return node["methods"][parts[-1]]


def validate_query(query, spec, problems):
    """Every query parameter must be one the method declares, with its type."""
    params = spec.get("parameters", {})
    global_params = DISCOVERY.get("parameters", {})
    for name, values in urllib.parse.parse_qs(query, keep_blank_values=True).items():
        param = params.get(name) or global_params.get(name)
        if param is None or param.get("location", "query") != "query":
            problems.append(f"query {name}: not a parameter of {spec['id']}")
            continue
        if len(values) > 1 and not param.get("repeated"):
            problems.append(f"query {name}: repeated but not repeatable")
        for value in values:
            if param.get("type") == "integer" and not re.fullmatch(r"\d+", value):
                problems.append(f"query {name}: integer expected, got {value!r}")
            if param.get("format") in ("uint64", "int64") and not re.fullmatch(r"-?\d+", value):
                problems.append(f"query {name}: {param['format']} expected, got {value!r}")
            if param.get("type") == "boolean" and value not in ("true", "false"):
                problems.append(f"query {name}: boolean expected, got {value!r}")
            if "enum" in param and value not in param["enum"]:
                problems.append(f"query {name}: {value!r} not in {param['enum']}")


class RecordingHttp:
    """Wraps the httplib2 object under AuthorizedHttp and keeps every exchange (method, uri, headers, body, status,
    content)."""

    def __init__(self, inner):
        self.inner = inner
        self.exchanges = []

    def request(self, uri, method="GET", body=None, headers=None, **kwargs):
        response, content = self.inner.request(uri, method=method, body=body, headers=headers, **kwargs)
        self.exchanges.append(
            {"uri": uri, "method": method, "body": body, "headers": dict(headers or {}), "status": response.status,
             "content": content}
        )
        return response, content

    def __getattr__(self, name):
        return getattr(self.inner, name)


class Check:
    def __init__(self, service, recorder):
        self.service = service
        self.recorder = recorder
        self.passed = 0
        self.failed = 0

    def exchange_problems(self, method_id, exchange, expect_error=False):
        """Validates one exchange against the method's request and response schemas."""
        spec = method_spec(method_id)
        problems = []
        parsed = urllib.parse.urlsplit(exchange["uri"])
        validate_query(parsed.query, spec, problems)
        headers = {str(key).lower(): value for key, value in exchange["headers"].items()}
        if not str(headers.get("authorization", "")).startswith("Bearer "):
            problems.append("request: no bearer token")
        if exchange["body"]:
            body = exchange["body"].decode() if isinstance(exchange["body"], bytes) else exchange["body"]
            if "request" not in spec:
                problems.append("request: body sent to a method without one")
            else:
                validate(json.loads(body), spec["request"], "request", problems)
        content = exchange["content"].decode() if exchange["content"] else ""
        if expect_error or exchange["status"] >= 400:
            error = json.loads(content).get("error", {})
            for key, kind in (("code", int), ("message", str), ("errors", list), ("status", str)):
                if not isinstance(error.get(key), kind):
                    problems.append(f"error.{key}: missing or not {kind.__name__}")
            for entry in error.get("errors", []):
                for key in ("message", "domain", "reason"):
                    if not isinstance(entry.get(key), str):
                        problems.append(f"error.errors[].{key}: missing")
        elif "response" in spec:
            validate(json.loads(content), spec["response"], "response", problems)
        elif content.strip():
            problems.append(f"response: body {content[:60]!r} for a method without one")
        return problems

    def run(self, name, method_id, call, expect_status=None):
        """Runs `call` (returns the parsed response), validates every exchange it made; returns its result."""
        start = len(self.recorder.exchanges)
        result = None
        problems = []
        try:
            result = call()
            if expect_status is not None:
                problems.append(f"expected HTTP {expect_status}, the call succeeded")
        except HttpError as error:
            if expect_status is None or error.resp.status != expect_status:
                problems.append(f"HTTP {error.resp.status}: {error}")
            result = error
        except Exception as error:  # noqa: BLE001 - any failure is a FAIL line with its trace
            problems.append(f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
        exchanges = self.recorder.exchanges[start:]
        if not exchanges:
            problems.append("no HTTP request made")
        for exchange in exchanges:
            problems += self.exchange_problems(method_id, exchange, expect_error=expect_status is not None)
        self.report(name, problems)
        return result

    def expect(self, name, condition, detail=""):
        self.report(name, [] if condition else [detail or "condition false"])

    def report(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {name}")
            for problem in problems:
                print(f"     {problem}")
        else:
            self.passed += 1
            print(f"PASS {name}")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--start-history-id", required=True)
    parser.add_argument("--topic", required=True)
    args = parser.parse_args()

    credentials = Credentials(token=args.token)
    # The recorder sits under AuthorizedHttp, so it sees the requests as sent (with the Authorization header).
    recorder = RecordingHttp(httplib2.Http(timeout=30))
    service = build(
        "gmail", "v1", http=AuthorizedHttp(credentials, http=recorder), static_discovery=True,
        client_options={"api_endpoint": args.base_url.rstrip("/") + "/"},
    )
    users = service.users()
    check = Check(service, recorder)

    profile = check.run("users.getProfile", "gmail.users.getProfile", lambda: users.getProfile(userId="me").execute())
    check.expect("profile has emailAddress and a string historyId",
                 isinstance(profile, dict) and isinstance(profile.get("historyId"), str) and "@" in profile.get("emailAddress", ""))

    # history.list, paged by the client's list_next.
    added = []
    request = users.history().list(userId="me", startHistoryId=args.start_history_id, maxResults=2,
                                   historyTypes=["messageAdded"])
    pages = 0
    while request is not None and pages < 10:
        page = check.run(f"users.history.list page {pages + 1}", "gmail.users.history.list", request.execute)
        if not isinstance(page, dict):
            break
        for record in page.get("history", []):
            added += [item["message"]["id"] for item in record.get("messagesAdded", [])]
        request = users.history().list_next(request, page)
        pages += 1
    check.expect("history.list: 5 messagesAdded over 3 pages", len(added) == 5 and pages == 3,
                 f"{len(added)} added over {pages} pages")

    # messages.list, paged.
    listed = []
    request = users.messages().list(userId="me", labelIds=["INBOX"], maxResults=2)
    pages = 0
    while request is not None and pages < 10:
        page = check.run(f"users.messages.list page {pages + 1}", "gmail.users.messages.list", request.execute)
        if not isinstance(page, dict):
            break
        listed += [item["id"] for item in page.get("messages", [])]
        request = users.messages().list_next(request, page)
        pages += 1
    check.expect("messages.list: the 5 delivered messages, newest first", listed == list(reversed(added)),
                 f"{listed} vs {added}")
    first = added[0] if added else "missing"

    raw = check.run("users.messages.get format=raw", "gmail.users.messages.get",
                    lambda: users.messages().get(userId="me", id=first, format="raw").execute())
    if isinstance(raw, dict) and "raw" in raw:
        decoded = base64.urlsafe_b64decode(raw["raw"] + "=" * (-len(raw["raw"]) % 4))
        check.expect("raw decodes to the delivered MIME", b"Subject: Official client 0" in decoded)
    check.run("users.messages.get format=metadata", "gmail.users.messages.get",
              lambda: users.messages().get(userId="me", id=first, format="metadata",
                                           metadataHeaders=["Subject", "Message-ID"]).execute())
    check.run("users.messages.get format=minimal", "gmail.users.messages.get",
              lambda: users.messages().get(userId="me", id=first, format="minimal").execute())
    check.run("users.messages.get unknown id: 404 with Google's error body", "gmail.users.messages.get",
              lambda: users.messages().get(userId="me", id="0000000000000000").execute(), expect_status=404)

    # Labels.
    labels = check.run("users.labels.list", "gmail.users.labels.list", lambda: users.labels().list(userId="me").execute())
    check.expect("labels.list has INBOX", isinstance(labels, dict) and any(l["id"] == "INBOX" for l in labels.get("labels", [])))
    label = check.run("users.labels.create", "gmail.users.labels.create", lambda: users.labels().create(
        userId="me", body={"name": "FloWorx/Urgent", "labelListVisibility": "labelShow", "messageListVisibility": "show",
                           "color": {"backgroundColor": "#fb4c2f", "textColor": "#ffffff"}}).execute())
    label_id = label.get("id", "missing") if isinstance(label, dict) else "missing"
    check.run("users.labels.create duplicate: 409", "gmail.users.labels.create",
              lambda: users.labels().create(userId="me", body={"name": "FloWorx/Urgent"}).execute(), expect_status=409)
    check.run("users.labels.get", "gmail.users.labels.get", lambda: users.labels().get(userId="me", id=label_id).execute())

    modified = check.run("users.messages.modify", "gmail.users.messages.modify", lambda: users.messages().modify(
        userId="me", id=first, body={"addLabelIds": [label_id], "removeLabelIds": ["UNREAD"]}).execute())
    check.expect("modify answers the message's new labels",
                 isinstance(modified, dict) and label_id in modified.get("labelIds", []) and "UNREAD" not in modified.get("labelIds", []))
    check.run("users.messages.batchModify", "gmail.users.messages.batchModify", lambda: users.messages().batchModify(
        userId="me", body={"ids": added[1:3], "addLabelIds": [label_id]}).execute())

    # Drafts in the first message's thread.
    thread_id = raw.get("threadId") if isinstance(raw, dict) else "missing"
    reply = (
        "From: owner@floworx.test\r\nTo: customer@example.com\r\nSubject: Re: Official client 0\r\n"
        "In-Reply-To: <official-0@example.com>\r\nReferences: <official-0@example.com>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nWe will be there at 3pm.\r\n"
    ).encode()
    draft = check.run("users.drafts.create (threadId)", "gmail.users.drafts.create", lambda: users.drafts().create(
        userId="me", body={"message": {"raw": b64url(reply), "threadId": thread_id}}).execute())
    draft_id = draft.get("id", "missing") if isinstance(draft, dict) else "missing"
    check.expect("the draft is in the thread", isinstance(draft, dict) and draft.get("message", {}).get("threadId") == thread_id)
    got = check.run("users.drafts.get format=raw", "gmail.users.drafts.get",
                    lambda: users.drafts().get(userId="me", id=draft_id, format="raw").execute())
    if isinstance(got, dict):
        body = got.get("message", {}).get("raw", "")
        check.expect("draft raw round-trips", base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)) == reply)
    updated = reply.replace(b"3pm", b"4pm")
    check.run("users.drafts.update", "gmail.users.drafts.update", lambda: users.drafts().update(
        userId="me", id=draft_id, body={"id": draft_id, "message": {"raw": b64url(updated), "threadId": thread_id}}).execute())
    drafts = check.run("users.drafts.list", "gmail.users.drafts.list", lambda: users.drafts().list(userId="me").execute())
    check.expect("drafts.list has the draft", isinstance(drafts, dict) and [d["id"] for d in drafts.get("drafts", [])] == [draft_id])
    spare = check.run("users.drafts.create (no thread)", "gmail.users.drafts.create", lambda: users.drafts().create(
        userId="me", body={"message": {"raw": b64url(b"Subject: spare\r\n\r\nspare\r\n")}}).execute())
    check.run("users.drafts.delete", "gmail.users.drafts.delete",
              lambda: users.drafts().delete(userId="me", id=spare.get("id", "missing") if isinstance(spare, dict) else "missing").execute())

    # watch and stop.
    watch = check.run("users.watch", "gmail.users.watch", lambda: users.watch(
        userId="me", body={"topicName": args.topic, "labelIds": ["INBOX"], "labelFilterBehavior": "include"}).execute())
    check.expect("watch answers historyId and expiration as int64 strings",
                 isinstance(watch, dict) and watch.get("historyId", "").isdigit() and watch.get("expiration", "").isdigit())
    check.run("users.stop", "gmail.users.stop", lambda: users.stop(userId="me").execute())

    # A label FloWorx no longer needs.
    spare_label = check.run("users.labels.create (spare)", "gmail.users.labels.create",
                            lambda: users.labels().create(userId="me", body={"name": "Spare"}).execute())
    check.run("users.labels.delete", "gmail.users.labels.delete", lambda: users.labels().delete(
        userId="me", id=spare_label.get("id", "missing") if isinstance(spare_label, dict) else "missing").execute())

    print(f"{check.passed} passed, {check.failed} failed")
    return 0 if check.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
