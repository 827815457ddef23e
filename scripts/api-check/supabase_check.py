#!/usr/bin/env python3
"""Drives a running FloWorx with Supabase's official Python client, unchanged.

Signs up two tenants (A and B) and checks, table by table, what PostgREST and GoTrue
document: writes where the policy allows, reads, filters, ordering, pagination, counts,
upserts, single-object reads, row-level security between tenants, the documented error
codes, the auth flows, and that integration credentials never come back out.

Every HTTP exchange goes through one httpx client per Supabase client (ClientOptions
.httpx_client, a documented option), whose response hook records status and body: the
statuses are asserted and every recorded body is searched for the stored tokens.

Prints one line per check (PASS/FAIL name), then "N passed, N failed"; exits 1 on any failure.

Usage: supabase_check.py --url URL --anon-key KEY --service-key KEY --log-file SERVER_LOG
                         [--token-file PATH]
(or FLOWORX_URL, FLOWORX_ANON_KEY, FLOWORX_SERVICE_KEY, FLOWORX_LOG_FILE, FLOWORX_TOKEN_FILE).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx
from postgrest.exceptions import APIError
from supabase import Client, ClientOptions, create_client
from supabase_auth.errors import AuthApiError, AuthError, AuthWeakPasswordError

import check_auth_flows
import check_oauth
import check_realtime
import check_rpc
import check_select

PASSWORD = "Correct-Horse-7-battery"

CONFIG_TABLES = [
    "integrations", "communication_styles", "business_hours", "escalation_rules",
    "notification_settings", "workflows",
]
SERVICE_TABLES = [
    "email_logs", "email_queue", "ai_responses", "analytics_events", "performance_metrics",
    "workflow_metrics", "subscriptions", "invoices", "error_logs", "dead_letter_queue",
]
ALL_TABLES = ["profiles"] + CONFIG_TABLES + SERVICE_TABLES


# ---------------------------------------------------------------------------------------------
# Recording HTTP exchanges


@dataclass
class Exchange:
    method: str
    url: str
    status: int
    headers: str
    body: str


@dataclass
class Recorder:
    """Every response any client received, in order."""

    exchanges: list[Exchange] = field(default_factory=list)

    def hook(self, response: httpx.Response) -> None:
        response.read()
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        self.exchanges.append(Exchange(
            response.request.method, str(response.request.url), response.status_code, headers,
            response.content.decode("utf-8", "replace"),
        ))

    def http_client(self) -> httpx.Client:
        return httpx.Client(timeout=30, event_hooks={"response": [self.hook]})

    def mark(self) -> int:
        return len(self.exchanges)

    def since(self, mark: int) -> list[Exchange]:
        return self.exchanges[mark:]


# ---------------------------------------------------------------------------------------------
# Checks


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def run(self, name: str, body: Callable[[], Any]) -> Any:
        """Runs one check; an AssertionError or any exception is a FAIL."""
        try:
            result = body()
        except AssertionError as error:
            self._fail(name, str(error) or "assertion failed")
            return None
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
            detail = f"{type(error).__name__}: {error}"
            if os.environ.get("CHECK_TRACEBACK"):
                detail += "\n" + traceback.format_exc()
            self._fail(name, detail)
            return None
        self.passed += 1
        print(f"PASS {name}", flush=True)
        return result

    def _fail(self, name: str, detail: str) -> None:
        self.failed.append(name)
        print(f"FAIL {name}: {detail}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def equal(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def api_error(recorder: Recorder, call: Callable[[], Any]) -> tuple[APIError, int]:
    """Runs a postgrest call that must fail; returns the error and the HTTP status of the last response."""
    mark = recorder.mark()
    try:
        result = call()
    except APIError as error:
        responses = recorder.since(mark)
        expect(bool(responses), "no HTTP response was recorded")
        return error, responses[-1].status
    raise AssertionError(f"expected an error, got success: {getattr(result, 'data', result)!r}")


def expect_api_error(recorder: Recorder, call: Callable[[], Any], code: str, status: int,
                     message_contains: str | None = None) -> APIError:
    error, actual_status = api_error(recorder, call)
    expect(error.code == code and actual_status == status,
           f"expected HTTP {status} code {code}, got HTTP {actual_status} code {error.code} ({error.message})")
    if message_contains is not None:
        expect(message_contains in (error.message or ""),
               f"message {error.message!r} does not contain {message_contains!r}")
    return error


def auth_error(call: Callable[[], Any]) -> AuthError:
    try:
        result = call()
    except AuthError as error:
        return error
    raise AssertionError(f"expected an auth error, got success: {result!r}")


def jwt_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def ids(rows: list[dict[str, Any]]) -> set[str]:
    return {row["id"] for row in rows}


# ---------------------------------------------------------------------------------------------
# The run


class Run:
    def __init__(self, url: str, anon_key: str, service_key: str, log_file: str, token_file: str | None):
        self.url = url.rstrip("/")
        self.anon_key = anon_key
        self.service_key = service_key
        self.log_file = log_file
        self.token_file = token_file
        self.recorder = Recorder()
        self.checks = Checks()
        self.tag = secrets.token_hex(4)
        # Distinctive fake OAuth tokens, so a leak anywhere is unambiguous.
        self.oauth_access = f"ya29.floworx-check-{secrets.token_urlsafe(24)}"
        self.oauth_refresh = f"1//floworx-check-refresh-{secrets.token_urlsafe(24)}"
        self.rows: dict[str, dict[str, Any]] = {}  # table -> A's row

    def client(self, key: str) -> Client:
        options = ClientOptions(auto_refresh_token=False, httpx_client=self.recorder.http_client())
        return create_client(self.url, key, options)

    def check(self, name: str, body: Callable[[], Any]) -> Any:
        return self.checks.run(name, body)

    def email(self, who: str) -> str:
        return f"{who}-{self.tag}-{secrets.token_hex(3)}@example.com"

    # -- setup ------------------------------------------------------------------------------

    def main(self) -> int:
        self.anon = self.client(self.anon_key)
        self.svc = self.client(self.service_key)
        self.a = self.client(self.anon_key)
        self.b = self.client(self.anon_key)
        self.a_email, self.b_email = self.email("a"), self.email("b")

        self.a_id = self.check("auth: sign up tenant A", lambda: self.sign_up(self.a, self.a_email))
        self.b_id = self.check("auth: sign up tenant B", lambda: self.sign_up(self.b, self.b_email))
        if not self.a_id or not self.b_id:
            print("cannot continue without two tenants", flush=True)
            return self.finish()

        self.auth_checks()
        self.config_table_writes()
        self.service_table_writes()
        self.read_back_checks()
        self.query_checks()
        self.upsert_and_single_checks()
        self.isolation_checks()
        self.error_checks()
        self.anon_checks()
        self.credentials_checks()
        check_select.run(self)
        check_rpc.run(self)
        check_realtime.run(self)
        check_auth_flows.run(self)
        check_oauth.run(self)
        return self.finish()

    def sign_up(self, client: Client, email: str) -> str:
        response = client.auth.sign_up({"email": email, "password": PASSWORD})
        expect(response.user is not None and response.session is not None, "sign_up returned no user or no session")
        equal(response.user.email, email, "user.email")
        claims = jwt_claims(response.session.access_token)
        equal(claims.get("sub"), response.user.id, "access token sub")
        equal(claims.get("role"), "authenticated", "access token role")
        equal(claims.get("email"), email, "access token email")
        expect(bool(response.session.refresh_token), "no refresh token")
        # The client now sends the user's token to the data API: the profile made at sign-up is visible.
        profile = client.table("profiles").select("id").execute().data
        equal(profile, [{"id": response.user.id}], "own profile after sign-up")
        return response.user.id

    def finish(self) -> int:
        failed = len(self.checks.failed)
        print(f"{self.checks.passed} passed, {failed} failed", flush=True)
        if failed:
            print("failed checks: " + "; ".join(self.checks.failed), flush=True)
        return 1 if failed else 0

    # -- auth ---------------------------------------------------------------------------------

    def auth_checks(self) -> None:
        c = self.client(self.anon_key)
        c_email = self.email("c")

        def duplicate() -> None:
            error = auth_error(lambda: c.auth.sign_up({"email": self.a_email, "password": PASSWORD}))
            expect(isinstance(error, AuthApiError), f"expected AuthApiError, got {type(error).__name__}")
            equal((error.status, error.code), (422, "user_already_exists"), "status, code")
        self.check("auth: sign up with a taken email -> 422 user_already_exists", duplicate)

        def weak() -> None:
            error = auth_error(lambda: c.auth.sign_up({"email": self.email("weak"), "password": "short"}))
            expect(isinstance(error, AuthWeakPasswordError), f"expected AuthWeakPasswordError, got {type(error).__name__}: {error}")
            equal((error.status, error.code), (422, "weak_password"), "status, code")
            expect("length" in (error.reasons or []), f"reasons {error.reasons!r} lack 'length'")
        self.check("auth: weak password -> 422 weak_password (reasons: length)", weak)

        self.check("auth: sign up tenant C (auth flows)", lambda: self.sign_up(c, c_email))

        def wrong_password() -> None:
            error = auth_error(lambda: c.auth.sign_in_with_password({"email": c_email, "password": "wrong-password-1"}))
            expect(isinstance(error, AuthApiError), f"expected AuthApiError, got {type(error).__name__}")
            equal((error.status, error.code), (400, "invalid_credentials"), "status, code")
        self.check("auth: wrong password -> 400 invalid_credentials", wrong_password)

        def unknown_user() -> None:
            error = auth_error(lambda: c.auth.sign_in_with_password({"email": self.email("nobody"), "password": PASSWORD}))
            equal((error.status, error.code), (400, "invalid_credentials"), "status, code")
        self.check("auth: unknown email -> 400 invalid_credentials (same as wrong password)", unknown_user)

        state: dict[str, Any] = {}

        def sign_in() -> None:
            response = c.auth.sign_in_with_password({"email": c_email, "password": PASSWORD})
            expect(response.session is not None, "no session")
            equal(response.user.email, c_email, "user.email")
            equal(response.session.token_type, "bearer", "token_type")
            expect(response.session.expires_in > 0, "expires_in not positive")
            state["session"] = response.session
            user = c.auth.get_user()
            equal(user.user.id, response.user.id, "get_user id")
            equal(user.user.email, c_email, "get_user email")
        self.check("auth: sign in with password, get_user", sign_in)

        def refresh() -> None:
            old = state["session"]
            response = c.auth.refresh_session()
            new = response.session
            expect(new.refresh_token != old.refresh_token, "refresh token was not rotated")
            expect(new.access_token != old.access_token, "access token was not renewed")
            equal(jwt_claims(new.access_token)["session_id"], jwt_claims(old.access_token)["session_id"], "session_id kept")
            equal(c.auth.get_user(new.access_token).user.email, c_email, "get_user with the new token")
            state["old_refresh"], state["new_refresh"], state["new_access"] = old.refresh_token, new.refresh_token, new.access_token
        self.check("auth: refresh_session rotates the refresh token", refresh)

        def reuse() -> None:
            other = self.client(self.anon_key)
            error = auth_error(lambda: other.auth.refresh_session(state["old_refresh"]))
            equal(error.status, 400, "status of reusing the old refresh token")
            expect(error.code in ("refresh_token_already_used", "refresh_token_not_found"), f"code {error.code}")
            # Reuse revokes the whole session: the newer refresh token no longer works either.
            later = auth_error(lambda: other.auth.refresh_session(state["new_refresh"]))
            equal(later.status, 400, "status of the newer refresh token after reuse")
            expect(later.code in ("session_not_found", "refresh_token_not_found", "refresh_token_already_used"), f"code {later.code}")
            # And the auth API no longer accepts the session's access token.
            user = auth_error(lambda: other.auth.get_user(state["new_access"]))
            equal((user.status, user.code), (403, "session_not_found"), "get_user after revocation")
        self.check("auth: reusing an old refresh token fails and revokes the session", reuse)

        new_password = PASSWORD + "-changed"

        def update_password() -> None:
            fresh = c.auth.sign_in_with_password({"email": c_email, "password": PASSWORD})
            response = c.auth.update_user({"password": new_password})
            equal(response.user.email, c_email, "updated user email")
            error = auth_error(lambda: self.client(self.anon_key).auth.sign_in_with_password({"email": c_email, "password": PASSWORD}))
            equal((error.status, error.code), (400, "invalid_credentials"), "sign in with the old password")
            again = self.client(self.anon_key).auth.sign_in_with_password({"email": c_email, "password": new_password})
            equal(again.user.id, fresh.user.id, "sign in with the new password")
        self.check("auth: update_user password (old fails, new works)", update_password)

        def update_metadata() -> None:
            response = c.auth.update_user({"data": {"business": "Pool & Spa Co"}})
            equal(response.user.user_metadata.get("business"), "Pool & Spa Co", "user_metadata.business")
            equal(c.auth.get_user().user.user_metadata.get("business"), "Pool & Spa Co", "user_metadata after get_user")
        self.check("auth: update_user metadata", update_metadata)

        def sign_out() -> None:
            session = c.auth.get_session()
            expect(session is not None, "no session before sign_out")
            c.auth.sign_out()
            expect(c.auth.get_session() is None, "client still has a session after sign_out")
            probe = self.client(self.anon_key)
            user = auth_error(lambda: probe.auth.get_user(session.access_token))
            equal((user.status, user.code), (403, "session_not_found"), "get_user with the signed-out token")
            refreshed = auth_error(lambda: probe.auth.refresh_session(session.refresh_token))
            equal(refreshed.status, 400, "refresh after sign_out")
        self.check("auth: sign_out revokes the session and its refresh token", sign_out)

        def integer_times() -> None:
            claims = jwt_claims(self.a.auth.get_session().access_token)
            for name in ("exp", "iat"):
                expect(isinstance(claims.get(name), int), f"{name} is {claims.get(name)!r}, not an integer NumericDate as GoTrue issues")
            equal(claims["exp"] - claims["iat"], self.a.auth.get_session().expires_in, "exp - iat = expires_in")
        self.check("auth: access token exp/iat are integers (supabase-py's JWTPayload types them int)", integer_times)

        def get_claims() -> None:
            response = self.a.auth.get_claims()
            expect(response is not None, "no claims")
            equal((response["claims"]["sub"], response["claims"]["role"]), (self.a_id, "authenticated"), "sub, role")
        self.check("auth: get_claims() decodes the access token", get_claims)

        def set_session() -> None:
            session = self.a.auth.get_session()
            other = self.client(self.anon_key)
            response = other.auth.set_session(session.access_token, session.refresh_token)
            equal(response.user.id, self.a_id, "user of the restored session")
            equal(other.table("profiles").select("id").execute().data, [{"id": self.a_id}], "data API as the restored user")
        self.check("auth: set_session on a new client, then the data API as that user", set_session)

        def sign_out_scopes() -> None:
            d_email = self.email("d")
            first, second, third = (self.client(self.anon_key) for _ in range(3))
            first.auth.sign_up({"email": d_email, "password": PASSWORD})
            second.auth.sign_in_with_password({"email": d_email, "password": PASSWORD})
            third.auth.sign_in_with_password({"email": d_email, "password": PASSWORD})
            kept = second.auth.get_session()
            second.auth.sign_out({"scope": "others"})
            expect(second.auth.get_session() is not None, "scope=others removed the current session")
            equal(second.auth.get_user().user.email, d_email, "current session after scope=others")
            gone = auth_error(lambda: third.auth.refresh_session())
            equal(gone.status, 400, "refreshing another session after scope=others")
            first_user = auth_error(lambda: first.auth.get_user())
            equal((first_user.status, first_user.code), (403, "session_not_found"), "get_user of another session after scope=others")
            second.auth.sign_out({"scope": "local"})
            local = auth_error(lambda: self.client(self.anon_key).auth.get_user(kept.access_token))
            equal((local.status, local.code), (403, "session_not_found"), "get_user after scope=local")
        self.check("auth: sign_out scope=others keeps only the current session; scope=local ends it", sign_out_scopes)

        def no_api_key() -> None:
            http = self.recorder.http_client()
            response = http.get(f"{self.url}/rest/v1/profiles")
            equal(response.status_code, 401, "status without apikey")
            bad = http.get(f"{self.url}/rest/v1/profiles", headers={"apikey": self.anon_key, "Authorization": "Bearer not.a.jwt"})
            equal((bad.status_code, bad.json().get("code")), (401, "PGRST301"), "status, code with a malformed JWT")
        self.check("auth: no apikey -> 401; malformed JWT -> 401 PGRST301", no_api_key)

    # -- writes ---------------------------------------------------------------------------------

    def insert_one(self, client: Client, table: str, row: dict[str, Any]) -> dict[str, Any]:
        data = client.table(table).insert(row).execute().data
        equal(len(data), 1, f"rows returned by the insert into {table}")
        inserted = data[0]
        for key, value in row.items():
            equal(inserted.get(key), value, f"{table}.{key} as returned")
        expect(bool(inserted.get("id")), f"{table}: no id returned")
        return inserted

    def config_rows(self, client_id: str) -> dict[str, dict[str, Any]]:
        return {
            "integrations": {"client_id": client_id, "provider": "gmail"},
            "communication_styles": {
                "client_id": client_id, "name": f"Friendly {self.tag}", "tone": "friendly", "formality": "casual",
            },
            "business_hours": {
                "client_id": client_id, "timezone": "America/New_York",
                "hours": {"version": 1, "weekly": {"mon": [["08:00", "17:00"]], "tue": [["08:00", "17:00"]]}},
            },
            "escalation_rules": {
                "client_id": client_id, "name": f"Escalate everything {self.tag}", "conditions": {},
                "actions": [{"type": "mark_escalated"}], "priority": 9,
            },
            "notification_settings": {"client_id": client_id, "sms_notifications": True},
            "workflows": {"client_id": client_id, "name": f"Main flow {self.tag}", "workflow_data": {"nodes": [], "connections": {}}},
        }

    def config_table_writes(self) -> None:
        for table, row in self.config_rows(self.a_id).items():
            def write(table: str = table, row: dict[str, Any] = row) -> None:
                inserted = self.insert_one(self.a, table, row)
                self.rows[table] = inserted
                if table == "integrations":
                    equal(inserted.get("status"), "pending", "integrations.status default")
                    expect("credentials" not in inserted, "the insert returned integrations.credentials")
            self.check(f"write as tenant: {table} insert", write)

        def update_notification() -> None:
            row = self.rows["notification_settings"]
            data = self.a.table("notification_settings").update({"push_notifications": False}).eq("id", row["id"]).execute().data
            equal([(r["id"], r["push_notifications"], r["sms_notifications"]) for r in data], [(row["id"], False, True)], "updated row")
            self.rows["notification_settings"] = data[0]
        self.check("write as tenant: notification_settings update", update_notification)

        def update_profile() -> None:
            managers = [{"name": "Ana Ortiz", "email": "ana@example.com", "roles": ["owner"], "forward": True}]
            suppliers_before = self.a.table("profiles").select("suppliers").eq("id", self.a_id).execute().data[0]["suppliers"]
            data = self.a.table("profiles").update({"managers": managers}).eq("id", self.a_id).execute().data
            equal(len(data), 1, "profile rows updated")
            equal(data[0]["managers"], managers, "profiles.managers as returned")
            equal(data[0]["suppliers"], suppliers_before, "profiles.suppliers unchanged")
            self.rows["profiles"] = data[0]
        self.check("write as tenant: profiles update (managers)", update_profile)

        def profile_id_locked() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("profiles").update({"id": str(uuid.uuid4())}).eq("id", self.a_id).execute(),
                             "42501", 403)
        self.check("write as tenant: profiles.id is not updatable -> 403 42501", profile_id_locked)

    def service_rows(self) -> dict[str, Callable[[], dict[str, Any]]]:
        a = self.a_id
        return {
            "email_logs": lambda: {
                "client_id": a, "message_id": f"<m1-{self.tag}@mail.example.com>", "from_email": "customer@example.net",
                "to_email": "office@example.com", "subject": "Pool pump is leaking", "body": "Please call me back.",
                "status": "processed",
            },
            # completed: the server's queue worker claims pending jobs, and would change the row under the checks.
            "email_queue": lambda: {
                "client_id": a, "priority": 3, "status": "completed",
                "email_data": {"message_id": f"<q1-{self.tag}@mail.example.com>", "subject": "Quote request"},
            },
            "ai_responses": lambda: {
                "email_log_id": self.rows["email_logs"]["id"], "response_text": "Thanks, we will call you today.",
                "confidence_score": 0.87, "model_used": "test-model", "tokens_used": 42,
            },
            "analytics_events": lambda: {"client_id": a, "event_type": "email_processed", "event_data": {"category": "urgent"}},
            "performance_metrics": lambda: {"client_id": a, "metric_type": "response_time_ms", "metric_value": 1234.5},
            "workflow_metrics": lambda: {
                "workflow_id": self.rows["workflows"]["id"], "execution_time": 850, "success_rate": 0.95, "error_count": 1,
            },
            "subscriptions": lambda: {
                "client_id": a, "plan_id": "pro-monthly", "status": "active",
                "current_period_start": "2026-01-01T00:00:00+00:00", "current_period_end": "2026-02-01T00:00:00+00:00",
            },
            "invoices": lambda: {
                "subscription_id": self.rows["subscriptions"]["id"], "amount": 49.0, "currency": "USD", "status": "paid",
            },
            "error_logs": lambda: {
                "client_id": a, "error_type": "imap", "error_message": "connection reset", "severity": "medium",
                "context": {"attempt": 2},
            },
            "dead_letter_queue": lambda: {
                "client_id": a, "operation_type": "send_reply", "operation_data": {"draft": "d-1"},
                "error_message": "provider rejected the message",
            },
        }

    def service_table_writes(self) -> None:
        for table, make in self.service_rows().items():
            def write(table: str = table, make: Callable[[], dict[str, Any]] = make) -> None:
                self.rows[table] = self.insert_one(self.svc, table, make())
            self.check(f"write as service role: {table} insert", write)

    # -- reads ----------------------------------------------------------------------------------

    def read_back_checks(self) -> None:
        for table in ALL_TABLES:
            def read(table: str = table) -> None:
                expect(table in self.rows, f"no row of {table} was written")
                row = self.rows[table]
                columns = "id,provider,status,client_id,created_at" if table == "integrations" else "*"
                data = self.a.table(table).select(columns).eq("id", row["id"]).execute().data
                equal(len(data), 1, f"rows of {table} read back by A")
                for key, value in data[0].items():
                    if key != "updated_at":
                        equal(value, row.get(key), f"{table}.{key} read back")
            self.check(f"read back as tenant A: {table}", read)

        def integration_star() -> None:
            data = self.a.table("integrations").select("*").eq("id", self.rows["integrations"]["id"]).execute().data
            equal(len(data), 1, "rows")
            expect("credentials" not in data[0], "select=* returned integrations.credentials to the tenant")
        self.check("read as tenant: integrations select=* leaves out credentials", integration_star)

    # -- filters, order, pagination, count --------------------------------------------------------

    def query_checks(self) -> None:
        # Names without spaces, so that these checks do not depend on how a space is encoded (see the
        # "value with a space" check below).
        specs = [
            ("Urgent-leak", 1, True), ("urgent-flood", 2, True), ("Billing-question", 3, False),
            ("After-hours", 5, True), ("No-priority", None, True),
        ]
        rules: dict[str, str] = {}

        def seed() -> None:
            for name, priority, active in specs:
                row = self.insert_one(self.a, "escalation_rules", {
                    "client_id": self.a_id, "name": f"{self.tag}-{name}", "priority": priority, "is_active": active,
                    "conditions": {}, "actions": [{"type": "set_priority", "priority": 50}],
                })
                rules[name] = row["id"]
        self.check("write as tenant: escalation_rules, 5 rows for the queries", seed)

        def bulk() -> None:
            # A list body: postgrest-py sends columns="actions","name",... (quoted identifiers, as PostgREST accepts).
            rows = [{"client_id": self.a_id, "name": f"bulk-{self.tag}-{i}", "priority": 40 + i} for i in range(3)]
            data = self.a.table("escalation_rules").insert(rows).execute().data
            equal(sorted((r["name"], r["priority"], r["client_id"]) for r in data),
                  [(f"bulk-{self.tag}-{i}", 40 + i, self.a_id) for i in range(3)], "rows inserted in one request")
            deleted = self.a.table("escalation_rules").delete().like("name", f"bulk-{self.tag}-*").execute().data
            equal(len(deleted), 3, "bulk rows deleted")
        self.check("write as tenant: bulk insert of a list (columns=\"...\" quoted)", bulk)

        def bulk_upsert() -> None:
            rows = [{"client_id": self.a_id, "timezone": "America/Denver"}]
            data = self.a.table("business_hours").upsert(rows, on_conflict="client_id").execute().data
            equal([(r["id"], r["timezone"]) for r in data], [(self.rows["business_hours"]["id"], "America/Denver")], "upserted row")
        self.check("upsert: a list body (columns=\"...\" quoted) merges on client_id", bulk_upsert)

        def minimal() -> None:
            mark = self.recorder.mark()
            response = self.a.table("escalation_rules").insert(
                {"client_id": self.a_id, "name": f"minimal-{self.tag}"}, returning="minimal").execute()
            equal(response.data, [], "data with return=minimal")
            equal(self.recorder.since(mark)[-1].status, 201, "status")
            equal(len(self.a.table("escalation_rules").delete().eq("name", f"minimal-{self.tag}").execute().data), 1, "row was inserted")
        self.check("write as tenant: insert with returning=minimal -> 201, no body", minimal)
        if len(rules) != 5:
            return
        r1, r2, r3, r4, r5 = (rules[name] for name, _, _ in specs)
        # The five rules above (not the one from config_table_writes, nor the bulk ones).
        prefix = f"{self.tag}-"
        everything = lambda: self.a.table("escalation_rules").select("id,name,priority,is_active").like("name", f"{prefix}*")  # noqa: E731

        def case(name: str, build: Callable[[], Any], expected: set[str]) -> None:
            def body() -> None:
                equal(ids(build().execute().data), expected, "matching ids")
            self.check(f"filter: {name}", body)

        case("eq", lambda: everything().eq("priority", 2), {r2})
        case("neq (NULL excluded)", lambda: everything().neq("priority", 2), {r1, r3, r4})
        case("gt", lambda: everything().gt("priority", 2), {r3, r4})
        case("gte", lambda: everything().gte("priority", 2), {r2, r3, r4})
        case("lt", lambda: everything().lt("priority", 3), {r1, r2})
        case("lte", lambda: everything().lte("priority", 3), {r1, r2, r3})
        case("like (case-sensitive)", lambda: everything().like("name", f"{prefix}urgent*"), {r2})
        case("ilike", lambda: everything().ilike("name", f"{prefix}urgent*"), {r1, r2})
        case("in", lambda: everything().in_("priority", [1, 5]), {r1, r4})
        case("is null", lambda: everything().is_("priority", "null"), {r5})
        case("is false", lambda: everything().is_("is_active", "false"), {r3})
        case("not.is null", lambda: everything().not_.is_("priority", "null"), {r1, r2, r3, r4})
        case("or", lambda: everything().or_("priority.eq.3,name.ilike.*flood*"), {r2, r3})
        case("match (eq on two columns)", lambda: everything().match({"priority": 1, "is_active": True}), {r1})
        case("all five", everything, {r1, r2, r3, r4, r5})
        config_rule = self.rows.get("escalation_rules", {}).get("id")
        # httpx (like browsers' URLSearchParams) encodes a space in a query value as '+', which PostgREST decodes
        # to a space (http-types parseQueryReplacePlus True).
        case("value with a space (eq, sent as '+')",
             lambda: self.a.table("escalation_rules").select("id").eq("name", f"Escalate everything {self.tag}"), {config_rule})
        case("value with a space (ilike, sent as '+')",
             lambda: self.a.table("escalation_rules").select("id").ilike("name", f"escalate EVERYTHING {self.tag}"), {config_rule})

        def jsonb_contains() -> None:
            # postgrest-py sends json.dumps(value): '{"category": "urgent"}', whose space httpx encodes as '+'.
            event = self.rows["analytics_events"]["id"]
            data = self.a.table("analytics_events").select("id").contains("event_data", {"category": "urgent"}).execute().data
            equal(ids(data), {event}, "jsonb contains (cs)")
            equal(self.a.table("analytics_events").select("id").contains("event_data", {"category": "spam"}).execute().data, [],
                  "jsonb contains, no match")
        self.check("filter: jsonb contains (cs) with a JSON object", jsonb_contains)

        def other_types() -> None:
            event = self.rows["analytics_events"]["id"]
            log = self.rows["email_logs"]
            data = self.a.table("email_logs").select("id").gte("processed_at", log["processed_at"]).lte("created_at", log["created_at"]) \
                .eq("status", "processed").execute().data
            equal(ids(data), {log["id"]}, "timestamptz gte/lte with the row's own timestamps")
            data = self.a.table("performance_metrics").select("id,metric_value").gt("metric_value", 1234.4).lt("metric_value", 1234.6).execute().data
            equal([(r["id"], r["metric_value"]) for r in data], [(self.rows["performance_metrics"]["id"], 1234.5)], "numeric gt/lt")
            data = self.a.table("analytics_events").select("id,timestamp").order("timestamp", desc=True).limit(1).execute().data
            equal([r["id"] for r in data], [event], "order by the column named timestamp")
        self.check("filter: timestamptz and numeric comparisons, order by \"timestamp\"", other_types)

        ordered = [r1, r2, r3, r4]
        with_priority = lambda: everything().not_.is_("priority", "null")  # noqa: E731

        def order() -> None:
            equal([r["id"] for r in with_priority().order("priority").execute().data], ordered, "ascending")
            equal([r["id"] for r in with_priority().order("priority", desc=True).execute().data], ordered[::-1], "descending")
            first = everything().order("priority", nullsfirst=True).execute().data
            equal([r["id"] for r in first], [r5] + ordered, "ascending, nulls first")
            last = everything().order("priority", desc=True).execute().data
            equal(last[0]["id"], r5, "descending puts NULL first (PostgreSQL default)")
            two = with_priority().order("is_active", desc=True).order("priority").execute().data
            equal([r["id"] for r in two], [r1, r2, r4, r3], "is_active desc, then priority asc")
        self.check("order: asc, desc, nullsfirst, two columns", order)

        def limit_offset() -> None:
            data = with_priority().order("priority").limit(2).offset(1).execute().data
            equal([r["id"] for r in data], ordered[1:3], "limit 2 offset 1")
        self.check("paginate: limit/offset", limit_offset)

        def range_() -> None:
            data = with_priority().order("priority").range(1, 2).execute().data
            equal([r["id"] for r in data], ordered[1:3], "range(1, 2)")
            tail = with_priority().order("priority").range(3, 10).execute().data
            equal([r["id"] for r in tail], ordered[3:], "range(3, 10)")
        self.check("paginate: range", range_)

        def count() -> None:
            response = self.a.table("escalation_rules").select("id", count="exact").like("name", f"{prefix}*") \
                .not_.is_("priority", "null").order("priority").limit(2).execute()
            equal(response.count, 4, "count=exact total")
            equal([r["id"] for r in response.data], ordered[:2], "page rows")
            head = self.a.table("escalation_rules").select("*", count="exact", head=True).like("name", f"{prefix}*").execute()
            equal(head.count, 5, "count=exact with head=True")
            equal(head.data, [], "head=True returns no rows")
            empty = self.a.table("escalation_rules").select("id", count="exact").eq("name", "no such rule").execute()
            equal((empty.count, empty.data), (0, []), "count of no rows")
        self.check("count: exact (with limit, head, and zero)", count)

        def out_of_range() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("escalation_rules").select("id", count="exact")
                             .like("name", f"{prefix}*").range(10, 12).execute(), "PGRST103", 416)
        self.check("paginate: offset past the end with count=exact -> 416 PGRST103", out_of_range)

        def select_columns() -> None:
            data = self.a.table("escalation_rules").select("name,prio:priority").eq("id", r4).execute().data
            equal(data, [{"name": f"{prefix}After-hours", "prio": 5}], "renamed column")
        self.check("select: columns and alias", select_columns)

        def delete_filtered() -> None:
            data = self.a.table("escalation_rules").delete().eq("id", r5).execute().data
            equal(ids(data), {r5}, "deleted rows returned")
            equal(ids(everything().execute().data), {r1, r2, r3, r4}, "rules left")
        self.check("write as tenant: delete with a filter", delete_filtered)

    # -- upsert, single ----------------------------------------------------------------------------

    def upsert_and_single_checks(self) -> None:
        def upsert_merge() -> None:
            original = self.rows["business_hours"]
            hours = {"version": 1, "weekly": {"sat": [["09:00", "12:00"]]}}
            data = self.a.table("business_hours").upsert(
                {"client_id": self.a_id, "timezone": "America/Chicago", "hours": hours}, on_conflict="client_id"
            ).execute().data
            equal(len(data), 1, "rows returned")
            equal((data[0]["id"], data[0]["timezone"], data[0]["hours"]), (original["id"], "America/Chicago", hours), "merged row")
            rows = self.a.table("business_hours").select("id,timezone", count="exact").execute()
            equal((rows.count, rows.data), (1, [{"id": original["id"], "timezone": "America/Chicago"}]), "A's business_hours")
        self.check("upsert: on_conflict=client_id merge-duplicates updates the row", upsert_merge)

        def upsert_ignore() -> None:
            data = self.a.table("business_hours").upsert(
                {"client_id": self.a_id, "timezone": "Europe/London"}, on_conflict="client_id", ignore_duplicates=True
            ).execute().data
            equal(data, [], "rows returned when the duplicate is ignored")
            now = self.a.table("business_hours").select("timezone").execute().data
            equal(now, [{"timezone": "America/Chicago"}], "business_hours after ignore-duplicates")
        self.check("upsert: ignore-duplicates leaves the row", upsert_ignore)

        def upsert_primary_key() -> None:
            row = self.rows["notification_settings"]
            data = self.a.table("notification_settings").upsert(
                {"id": row["id"], "client_id": self.a_id, "escalation_alerts": False}).execute().data
            equal([(r["id"], r["escalation_alerts"], r["sms_notifications"]) for r in data], [(row["id"], False, True)],
                  "row merged on the primary key (columns not sent are kept)")
            count = self.a.table("notification_settings").select("id", count="exact").execute().count
            equal(count, 1, "A's notification_settings rows")
            self.rows["notification_settings"] = data[0]
        self.check("upsert: without on_conflict merges on the primary key", upsert_primary_key)

        def update_count() -> None:
            response = self.a.table("escalation_rules").update({"is_active": True}, count="exact").in_(
                "id", [self.rows["escalation_rules"]["id"]]).execute()
            equal((response.count, len(response.data)), (1, 1), "count and rows of an update with count=exact")
        self.check("update: count=exact reports the rows changed", update_count)

        def upsert_insert() -> None:
            data = self.b.table("business_hours").upsert(
                {"client_id": self.b_id, "timezone": "Europe/Paris"}, on_conflict="client_id"
            ).execute().data
            equal([(r["client_id"], r["timezone"]) for r in data], [(self.b_id, "Europe/Paris")], "upserted new row")
        self.check("upsert: inserts when there is no conflict (tenant B)", upsert_insert)

        def single() -> None:
            response = self.a.table("business_hours").select("id,client_id").eq("client_id", self.a_id).single().execute()
            equal(response.data, {"id": self.rows["business_hours"]["id"], "client_id": self.a_id}, "single object")
            profile = self.a.table("profiles").select("id").single().execute()
            equal(profile.data, {"id": self.a_id}, "own profile as a single object")
        self.check("single: one row as an object", single)

        def single_none() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("workflows").select("id").eq("name", "missing").single().execute(),
                             "PGRST116", 406)
            many = lambda: self.svc.table("profiles").select("id").single().execute()  # noqa: E731
            expect_api_error(self.recorder, many, "PGRST116", 406)
        self.check("single: zero or many rows -> 406 PGRST116", single_none)

        def maybe_single() -> None:
            equal(self.a.table("workflows").select("id").eq("name", "missing").maybe_single().execute(), None, "maybe_single of no row")
            found = self.a.table("workflows").select("id").eq("id", self.rows["workflows"]["id"]).maybe_single().execute()
            equal(found.data, {"id": self.rows["workflows"]["id"]}, "maybe_single of one row")
        self.check("maybe_single: none or one", maybe_single)

    # -- isolation ----------------------------------------------------------------------------------

    def isolation_checks(self) -> None:
        for table in ALL_TABLES:
            def cross_read(table: str = table) -> None:
                row = self.rows[table]
                equal(self.b.table(table).select("id").eq("id", row["id"]).execute().data, [], f"B reading A's {table} row")
                everything = self.b.table(table).select("id").execute()
                expect(row["id"] not in ids(everything.data), f"A's {table} row in B's unfiltered read")
            self.check(f"isolation: B cannot read A's {table} row (empty result)", cross_read)

        for table, row in self.config_rows(self.a_id).items():
            def cross_insert(table: str = table, row: dict[str, Any] = row) -> None:
                error = expect_api_error(self.recorder, lambda: self.b.table(table).insert(row).execute(), "42501", 403)
                expect("row-level security" in (error.message or ""), f"message {error.message!r} is not an RLS violation")
            self.check(f"isolation: B inserting into {table} with A's client_id -> 403 42501", cross_insert)

        updates = {
            "profiles": {"managers": []},
            "integrations": {"status": "revoked"},
            "communication_styles": {"tone": "rude"},
            "business_hours": {"timezone": "Asia/Tokyo"},
            "escalation_rules": {"priority": 77},
            "notification_settings": {"email_notifications": False},
            "workflows": {"version": 99},
        }
        for table, change in updates.items():
            def cross_update(table: str = table, change: dict[str, Any] = change) -> None:
                row_id = self.rows[table]["id"]
                columns = ",".join(["id"] + list(change))
                before = self.a.table(table).select(columns).eq("id", row_id).execute().data
                equal(self.b.table(table).update(change).eq("id", row_id).execute().data, [], f"rows B updated in A's {table}")
                after = self.a.table(table).select(columns).eq("id", row_id).execute().data
                equal(after, before, f"A's {table} row after B's update")
                if table != "profiles":  # profiles has no DELETE grant at all
                    equal(self.b.table(table).delete().eq("id", row_id).execute().data, [], f"rows B deleted in A's {table}")
                equal(len(self.a.table(table).select("id").eq("id", row_id).execute().data), 1, f"A's {table} row still there")
            self.check(f"isolation: B updating/deleting A's {table} row changes nothing", cross_update)

        def move_row() -> None:
            row_id = self.rows["escalation_rules"]["id"]
            expect_api_error(self.recorder, lambda: self.a.table("escalation_rules").update({"client_id": self.b_id}).eq("id", row_id).execute(),
                             "42501", 403)
        self.check("isolation: A moving its row to B -> 403 42501", move_row)

    # -- documented errors --------------------------------------------------------------------------

    def error_checks(self) -> None:
        def tenant_service_write() -> None:
            row = {"client_id": self.a_id, "message_id": f"<x-{self.tag}>", "from_email": "x@example.net", "to_email": "y@example.com"}
            expect_api_error(self.recorder, lambda: self.a.table("email_logs").insert(row).execute(), "42501", 403)
            expect_api_error(self.recorder, lambda: self.a.table("subscriptions").update({"status": "canceled"})
                             .eq("id", self.rows["subscriptions"]["id"]).execute(), "42501", 403)
            expect_api_error(self.recorder, lambda: self.a.table("error_logs").delete()
                             .eq("id", self.rows["error_logs"]["id"]).execute(), "42501", 403)
        self.check("forbidden: tenant writing service tables (email_logs insert, subscriptions update, error_logs delete) -> 403 42501",
                   tenant_service_write)

        def credentials_column() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("integrations").select("credentials").execute(), "42501", 403)
            expect_api_error(self.recorder, lambda: self.a.table("integrations").select("id").eq("credentials", "{}").execute(), "42501", 403)
            expect_api_error(self.recorder, lambda: self.a.table("integrations").update({"credentials": {"access_token": "x"}})
                             .eq("id", self.rows["integrations"]["id"]).execute(), "42501", 403)
            row = {"client_id": self.a_id, "provider": "outlook", "credentials": {"access_token": "x"}}
            expect_api_error(self.recorder, lambda: self.a.table("integrations").insert(row).execute(), "42501", 403)
        self.check("forbidden: tenant reading, filtering on or writing integrations.credentials -> 403 42501", credentials_column)

        def bad_managers() -> None:
            cases = [
                ([{"name": "Bob", "email": "not-an-email"}], "profiles.managers[0].email"),
                ([{"name": "Al"}], "profiles.managers[0].email"),
                ([{"name": f"M{i}", "email": f"m{i}@example.com"} for i in range(6)], "profiles.managers[5]"),
                ([{"name": "Cy", "email": "cy@example.com", "roles": ["pilot"]}], "profiles.managers[0].roles[0]"),
            ]
            for managers, path in cases:
                expect_api_error(self.recorder, lambda managers=managers: self.a.table("profiles").update({"managers": managers})
                                 .eq("id", self.a_id).execute(), "23514", 400, message_contains=path)
            now = self.a.table("profiles").select("managers").eq("id", self.a_id).execute().data
            equal(now, [{"managers": self.rows["profiles"]["managers"]}], "managers after the refused updates")
        self.check("validation: bad profiles.managers -> 400 23514 naming the field path", bad_managers)

        def bad_hours() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("business_hours").update({"hours": {"version": 1, "weekly": {"mon": [["9am", "17:00"]]}}})
                             .eq("client_id", self.a_id).execute(), "23514", 400, message_contains="business_hours.hours.weekly.mon[0][0]")
            expect_api_error(self.recorder, lambda: self.a.table("business_hours").update({"timezone": "Mars/Olympus"})
                             .eq("client_id", self.a_id).execute(), "23514", 400, message_contains="business_hours.timezone")
        self.check("validation: bad business_hours.hours / timezone -> 400 23514", bad_hours)

        def check_constraint() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("integrations").insert({"client_id": self.a_id, "provider": "yahoo"}).execute(),
                             "23514", 400)
        self.check("validation: CHECK constraint (integrations.provider) -> 400 23514", check_constraint)

        def not_null() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("workflows").insert({"client_id": self.a_id, "name": "no data"}).execute(),
                             "23502", 400)
        self.check("validation: NOT NULL (workflows.workflow_data) -> 400 23502", not_null)

        def unique() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("business_hours").insert({"client_id": self.a_id}).execute(), "23505", 409)
            row = {k: v for k, v in self.rows["email_logs"].items() if k in ("client_id", "message_id", "from_email", "to_email")}
            expect_api_error(self.recorder, lambda: self.svc.table("email_logs").insert(row).execute(), "23505", 409)
        self.check("conflict: unique violation (business_hours.client_id, email_logs message_id) -> 409 23505", unique)

        def foreign_key() -> None:
            row = {"email_log_id": str(uuid.uuid4()), "response_text": "orphan"}
            expect_api_error(self.recorder, lambda: self.svc.table("ai_responses").insert(row).execute(), "23503", 409)
            metric = {"workflow_id": str(uuid.uuid4()), "execution_time": 1}
            expect_api_error(self.recorder, lambda: self.svc.table("workflow_metrics").insert(metric).execute(), "23503", 409)
        self.check("conflict: missing foreign key (ai_responses, workflow_metrics) -> 409 23503", foreign_key)

        def unfiltered() -> None:
            before = len(self.a.table("escalation_rules").select("id").execute().data)
            expect(before > 0, "A has no escalation rules to protect")
            error, status = api_error(self.recorder, lambda: self.a.table("escalation_rules").delete().execute())
            equal(status, 400, f"status of an unfiltered delete ({error.code} {error.message})")
            error, status = api_error(self.recorder, lambda: self.a.table("escalation_rules").update({"priority": 1}).execute())
            equal(status, 400, f"status of an unfiltered update ({error.code} {error.message})")
            equal(len(self.a.table("escalation_rules").select("id").execute().data), before, "rules after the refused requests")
        self.check("refused: unfiltered delete/update -> 400, nothing changed", unfiltered)

        def unknown_table() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("no_such_table").select("*").execute(), "PGRST205", 404)
        self.check("unknown table -> 404 PGRST205", unknown_table)

        def unknown_column() -> None:
            expect_api_error(self.recorder, lambda: self.a.table("workflows").select("nope").execute(), "42703", 400)
            expect_api_error(self.recorder, lambda: self.a.table("workflows").insert({"client_id": self.a_id, "nope": 1}).execute(), "PGRST204", 400)
        self.check("unknown column: select -> 400 42703, body -> 400 PGRST204", unknown_column)

    # -- anon ---------------------------------------------------------------------------------------

    def anon_checks(self) -> None:
        def sees_nothing() -> None:
            for table in ALL_TABLES:
                columns = "id,provider,status" if table == "integrations" else "*"
                response = self.anon.table(table).select(columns, count="exact").execute()
                equal((response.data, response.count), ([], 0), f"anon read of {table}")
        self.check("anon: the anon key without a user sees no row of any table", sees_nothing)

        def cannot_write() -> None:
            expect_api_error(self.recorder, lambda: self.anon.table("business_hours").insert({"client_id": self.a_id}).execute(), "42501", 401)
            equal(self.anon.table("escalation_rules").select("id").eq("client_id", self.a_id).execute().data, [], "anon filtered read")
        self.check("anon: insert -> 401 42501", cannot_write)

    # -- credentials ----------------------------------------------------------------------------------

    def credentials_checks(self) -> None:
        integration = self.rows.get("integrations", {}).get("id")
        a_token = self.a.auth.get_session().access_token
        b_token = self.b.auth.get_session().access_token
        http = self.recorder.http_client()
        endpoint = f"{self.url}/api/v1/integrations/{integration}/credentials"
        body = {"access_token": self.oauth_access, "refresh_token": self.oauth_refresh, "expires_in": 3599,
                "scope": "https://www.googleapis.com/auth/gmail.modify", "token_type": "Bearer"}
        if self.token_file:
            with open(self.token_file, "w", encoding="utf-8") as handle:
                handle.write(self.oauth_access + "\n" + self.oauth_refresh + "\n")

        def store() -> None:
            response = http.post(endpoint, json=body, headers={"apikey": self.anon_key, "Authorization": f"Bearer {a_token}"})
            equal(response.status_code, 200, f"status ({response.text})")
            data = response.json()
            equal((data.get("id"), data.get("has_credentials"), data.get("status")), (integration, True, "active"), "summary")
        self.check("credentials: A stores tokens for its integration via POST /api/v1/integrations/{id}/credentials", store)

        def others() -> None:
            # The refused requests carry the real tokens too: no error path may echo or log them.
            response = http.post(endpoint, json=body, headers={"apikey": self.anon_key, "Authorization": f"Bearer {b_token}"})
            equal(response.status_code, 404, "B posting to A's integration")
            anon = http.post(endpoint, json=body, headers={"apikey": self.anon_key})
            equal(anon.status_code, 401, "anon posting")
            bad = http.post(endpoint, json={"nothing": 1}, headers={"apikey": self.anon_key, "Authorization": f"Bearer {a_token}"})
            equal(bad.status_code, 400, "body without a token")
            nested = http.post(endpoint, json=dict(body, extra={"nested": self.oauth_refresh}),
                               headers={"apikey": self.anon_key, "Authorization": f"Bearer {a_token}"})
            equal(nested.status_code, 400, "body with a nested object")
            missing = http.post(f"{self.url}/api/v1/integrations/{uuid.uuid4()}/credentials", json=body,
                                headers={"apikey": self.anon_key, "Authorization": f"Bearer {a_token}"})
            equal(missing.status_code, 404, "unknown integration")
        self.check("credentials: B -> 404, anon -> 401, no token field -> 400, nested value -> 400, unknown id -> 404", others)

        def tenant_view() -> None:
            row = self.a.table("integrations").select("*").eq("id", integration).execute().data
            equal(len(row), 1, "rows")
            equal(row[0]["status"], "active", "status after storing credentials")
            expect_api_error(self.recorder, lambda: self.a.table("integrations").select("credentials").eq("id", integration).execute(), "42501", 403)
        self.check("credentials: tenant sees status active, never the column", tenant_view)

        def encrypted() -> None:
            stored = self.svc.table("integrations").select("credentials").eq("id", integration).execute().data
            equal(len(stored), 1, "rows")
            envelope = stored[0]["credentials"]
            expect(isinstance(envelope, dict) and {"ct", "iv", "kid"} <= set(envelope), f"not an encrypted envelope: {sorted(envelope) if isinstance(envelope, dict) else envelope!r}")
            text = json.dumps(envelope)
            expect(self.oauth_access not in text and self.oauth_refresh not in text, "plaintext token in the stored column")
        self.check("credentials: stored encrypted (service read shows an envelope, not the token)", encrypted)

        def no_response_leaks() -> None:
            # Every response of this run (REST, auth, credentials API, OpenAPI) went through the recorder.
            http.get(f"{self.url}/rest/v1/", headers={"apikey": self.service_key})
            self.svc.table("integrations").select("*").execute()
            leaks = [f"{e.method} {e.url} -> {e.status}" for e in self.recorder.exchanges
                     if any(t in e.body or t in e.headers for t in (self.oauth_access, self.oauth_refresh))]
            expect(len(self.recorder.exchanges) > 100, f"only {len(self.recorder.exchanges)} responses recorded")
            expect(not leaks, f"token in responses: {leaks}")
        self.check("credentials: the token appears in no API response", no_response_leaks)

        def no_log_leaks() -> None:
            time.sleep(0.5)  # let the server flush its log
            with open(self.log_file, encoding="utf-8", errors="replace") as handle:
                log = handle.read()
            expect(len(log) > 0, f"log file {self.log_file} is empty")
            expect(integration.lower() in log.lower(), "the log does not mention the credentials request (is it the server's log?)")
            for token in (self.oauth_access, self.oauth_refresh):
                expect(token not in log, "the token is in the server log")
        self.check("credentials: the token appears nowhere in the server log", no_log_leaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("FLOWORX_URL"))
    parser.add_argument("--anon-key", default=os.environ.get("FLOWORX_ANON_KEY"))
    parser.add_argument("--service-key", default=os.environ.get("FLOWORX_SERVICE_KEY"))
    parser.add_argument("--log-file", default=os.environ.get("FLOWORX_LOG_FILE"), help="the running server's log")
    parser.add_argument("--token-file", default=os.environ.get("FLOWORX_TOKEN_FILE"),
                        help="where to write the plaintext OAuth tokens stored, one a line (for a database dump check)")
    args = parser.parse_args()
    missing = [name for name in ("url", "anon_key", "service_key", "log_file") if not getattr(args, name)]
    if missing:
        parser.error("missing: " + ", ".join("--" + m.replace("_", "-") for m in missing))
    return Run(args.url, args.anon_key, args.service_key, args.log_file, args.token_file).main()


if __name__ == "__main__":
    sys.exit(main())
