"""Checks FloWorx's local n8n server and FloWorx's n8n export against n8n's published OpenAPI description.

scripts/n8n-check/openapi.yml is the workflow part of n8n's Public API v1 description (SOURCE.md). With openapi-core:
- every request this script sends to the local server that should be valid is valid for the description, and every
  response (status, headers, body) is one the description allows for that operation;
- requests the description forbids (a missing required member, a read-only member, an unknown member, a value
  outside an enum, an unknown API key) are refused by the description *and* answered 400/401 by the server, with
  n8n's error body ({"message"});
- each exported FloWorx workflow (JSON files) is a valid create-workflow request body, is accepted by the server and
  can be activated.

Usage: n8n_check.py BASE_URL API_KEY EXPORT.json... (BASE_URL: the server's root, http://127.0.0.1:port).
Prints {"ok": true, "checks": N} on success; exits 1 with the failures otherwise.
"""
import json
import os
import sys

import requests
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_schema_validator import OAS30WriteValidator

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = sys.argv[1].rstrip("/")
KEY = sys.argv[2]
EXPORTS = sys.argv[3:]

with open(os.path.join(HERE, "openapi.yml")) as handle:
    SPEC = yaml.safe_load(handle)
# The description's server is relative (/api/v1): anchor it at the server under test.
SPEC["servers"] = [{"url": BASE + "/api/v1"}]
API = OpenAPI.from_dict(SPEC)

failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)


def errors(iterator):
    return [str(error) for error in iterator]


def call(method, path, body=None, key=KEY, params=None, valid_request=True, validate_response=True):
    """Sends one request; validates it (when it should be valid) and the response against the description."""
    headers = {"Accept": "application/json"}
    if key is not None:
        headers["X-N8N-API-KEY"] = key
    response = requests.request(method, BASE + "/api/v1" + path, json=body, headers=headers, params=params, timeout=10)
    request = RequestsOpenAPIRequest(response.request)
    request_errors = errors(API.iter_request_errors(request))
    if valid_request:
        check(not request_errors, f"{method} {path}: request invalid for n8n's description: {request_errors}")
    else:
        check(request_errors, f"{method} {path}: the description accepts a request the check meant to be invalid")
    if validate_response:
        response_errors = errors(API.iter_response_errors(request, RequestsOpenAPIResponse(response)))
        check(not response_errors, f"{method} {path} -> {response.status_code}: response invalid: {response_errors} {response.text[:300]}")
    return response


def n8n_error(response, status, what):
    check(response.status_code == status, f"{what}: status {response.status_code}, wanted {status}: {response.text[:300]}")
    try:
        body = response.json()
    except ValueError:
        body = None
    check(isinstance(body, dict) and isinstance(body.get("message"), str), f"{what}: not n8n's error body: {response.text[:300]}")


def minimal(name):
    return {
        "name": name,
        "nodes": [{"id": "1", "name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0],
                   "parameters": {"path": "check", "httpMethod": "POST"}}],
        "connections": {},
        "settings": {"executionOrder": "v1"},
    }


# -- the operations FloWorx uses, valid requests ------------------------------------------------------------------
created = call("POST", "/workflows", minimal("n8n-check")).json()
check(created.get("active") is False and created.get("id"), f"create: {created}")
wid = created["id"]
call("GET", f"/workflows/{wid}")
updated = minimal("n8n-check")
updated["nodes"][0]["parameters"]["path"] = "check-2"
got = call("PUT", f"/workflows/{wid}", updated).json()
check(got["nodes"][0]["parameters"]["path"] == "check-2", "update did not replace the nodes")
check(call("POST", f"/workflows/{wid}/activate").json().get("active") is True, "activate did not activate")
check(call("POST", f"/workflows/{wid}/deactivate").json().get("active") is False, "deactivate did not deactivate")
for index in range(3):
    call("POST", "/workflows", minimal(f"n8n-check-page-{index}"))
page = call("GET", "/workflows", params={"limit": 2}).json()
check(len(page["data"]) == 2 and page.get("nextCursor"), f"page 1: {page}")
rest = call("GET", "/workflows", params={"cursor": page["nextCursor"]}).json()
check(len(rest["data"]) == 2 and rest.get("nextCursor") is None, f"page 2: {rest}")
named = call("GET", "/workflows", params={"name": "n8n-check-page-1"}).json()
check([w["name"] for w in named["data"]] == ["n8n-check-page-1"], f"name filter: {named}")
call("DELETE", f"/workflows/{wid}")

# -- what the description refuses, the server refuses -------------------------------------------------------------
missing = minimal("bad")
del missing["settings"]
n8n_error(call("POST", "/workflows", missing, valid_request=False), 400, "missing settings")
read_only = dict(minimal("bad"), active=True)
n8n_error(call("POST", "/workflows", read_only, valid_request=False), 400, "read-only active")
unknown = dict(minimal("bad"), owner="me")
n8n_error(call("POST", "/workflows", unknown, valid_request=False), 400, "unknown member")
bad_enum = minimal("bad")
bad_enum["settings"]["saveDataErrorExecution"] = "sometimes"
n8n_error(call("PUT", f"/workflows/{created['id']}", bad_enum, valid_request=False), 400, "enum")
# The description lists no 400 for the list, but n8n's request validator answers one (as for every operation).
n8n_error(call("GET", "/workflows", params={"limit": 251}, valid_request=False, validate_response=False), 400, "limit above 250")
n8n_error(call("GET", "/workflows", key=None, valid_request=False), 401, "no API key")
n8n_error(call("GET", "/workflows", key="wrong"), 401, "wrong API key")
n8n_error(call("GET", "/workflows/doesNotExist0001"), 404, "unknown id")
n8n_error(call("POST", "/workflows/doesNotExist0001/activate"), 404, "unknown id activate")

# -- FloWorx's exports ----------------------------------------------------------------------------------------------
write_validator = OAS30WriteValidator(
    {"$ref": "#/components/schemas/workflow", "components": SPEC["components"]})
for path in EXPORTS:
    with open(path) as handle:
        exported = json.load(handle)
    schema_errors = [error.message for error in write_validator.iter_errors(exported)]
    check(not schema_errors, f"{os.path.basename(path)}: not a valid create-workflow body: {schema_errors}")
    made = call("POST", "/workflows", exported)
    check(made.status_code == 200, f"{os.path.basename(path)}: create answered {made.status_code}: {made.text[:300]}")
    if made.status_code == 200:
        activated = call("POST", f"/workflows/{made.json()['id']}/activate")
        check(activated.json().get("active") is True, f"{os.path.basename(path)}: could not be activated")
check(len(EXPORTS) > 0, "no exported workflow was given")

print(json.dumps({"ok": not failures, "checks": checks, "failures": failures}, indent=1))
sys.exit(1 if failures else 0)
