"""GoTrue's email flows and user administration through the official supabase-py client (its supabase_auth part):
reset_password_for_email, sign_in_with_otp, resend, verify_otp (code and token_hash), the emailed /verify link (a 303
with the session in the fragment), and auth.admin create/list/get/update/delete, refused to the anon key.

Mail is read the way a user reads it: `floworx serve` on its embedded database runs the demo's local SMTP inbox, and
its HTTP face (GET /_local/smtp/messages, port from the server log) hands back each message; the link and the 6-digit
code come out of the text part.

Called by supabase_check.py as run(ctx) with its Run: ctx.client(key) makes a client, ctx.anon/ctx.svc the anon and
service clients, ctx.check(name, body) reports PASS/FAIL, ctx.email(who) a fresh address, ctx.log_file the server log.
"""

from __future__ import annotations

import email
import email.policy
import re
import sys
import time
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import httpx
from supabase_auth.errors import AuthApiError

PASSWORD = "Correct-Horse-7-battery"
NEW_PASSWORD = "Recovered-Horse-9-battery"


# supabase_check's assertion helpers (expect, equal, auth_error), taken in run() from the module that defines the calling Run
# (it is __main__ when supabase_check.py runs as a script, so it cannot simply be imported here).
_expect: Callable[[bool, str], None]
_equal: Callable[[Any, Any, str], None]
_auth_error: Callable[[Callable[[], Any]], Any]


def _api_error(call: Callable[[], Any]) -> AuthApiError:
    """The AuthApiError (HTTP status and GoTrue's error_code) that `call` must raise."""
    error = _auth_error(call)
    _expect(isinstance(error, AuthApiError), f"expected an auth API error, got {error!r}")
    return error


class Inbox:
    """The demo's local SMTP inbox, over its HTTP face."""

    def __init__(self, log_file: str) -> None:
        with open(log_file, encoding="utf-8", errors="replace") as handle:
            found = re.search(r"HTTP at (http://127\.0\.0\.1:\d+)/_local/smtp/messages", handle.read())
        _expect(found is not None, "the server log names no demo inbox (is FLOWORX_SMTP_HOST set, or --no-workers?)")
        self.base = found.group(1) + "/_local/smtp/messages"

    def mails_to(self, address: str, wait: float = 10) -> list[dict[str, str]]:
        """Every message to `address`: subject, text, link, code; waits up to `wait` seconds for the first."""
        deadline = time.monotonic() + wait
        while True:
            listed = httpx.get(self.base, timeout=10).json()["messages"]
            ids = [m["id"] for m in listed if address in m["to"]]
            if ids or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        mails = []
        for message_id in ids:
            raw = httpx.get(f"{self.base}/{message_id}", timeout=10).content
            message = email.message_from_bytes(raw, policy=email.policy.default)
            part = message.get_body(preferencelist=("plain",))
            text = part.get_content() if part is not None else ""
            link = next((w for w in text.split() if "/auth/v1/verify?" in w), "")
            code = next(iter(re.findall(r"\b(\d{6})\b", text)), "")
            mails.append({"subject": str(message["Subject"]), "text": text, "link": link, "code": code})
        return mails

    def only_mail_to(self, address: str) -> dict[str, str]:
        mails = self.mails_to(address)
        _equal(len(mails), 1, f"messages to {address}")
        return mails[0]


def run(ctx: Any) -> None:
    global _expect, _equal, _auth_error
    shared = sys.modules[type(ctx).__module__]
    _expect, _equal, _auth_error = shared.expect, shared.equal, shared.auth_error
    inbox_holder: dict[str, Inbox] = {}

    def inbox() -> Inbox:
        if "inbox" not in inbox_holder:
            inbox_holder["inbox"] = Inbox(ctx.log_file)
        return inbox_holder["inbox"]

    ctx.check("auth flows: the demo inbox is reachable", lambda: inbox())
    if "inbox" not in inbox_holder:
        return

    # -- admin --------------------------------------------------------------------------------------------------
    staff = ctx.email("staff")
    staff_id: dict[str, str] = {}

    def admin_create() -> None:
        response = ctx.svc.auth.admin.create_user({
            "email": staff, "password": PASSWORD, "email_confirm": True,
            "user_metadata": {"business_name": "Check HVAC"}, "app_metadata": {"plan": "pro"},
        })
        _equal(response.user.email, staff, "created user's email")
        _equal(response.user.user_metadata, {"business_name": "Check HVAC"}, "user_metadata")
        _equal(response.user.app_metadata.get("plan"), "pro", "app_metadata.plan")
        _expect(response.user.email_confirmed_at is not None, "email_confirm: true did not confirm")
        staff_id["id"] = response.user.id
        signed_in = ctx.client(ctx.anon_key).auth.sign_in_with_password({"email": staff, "password": PASSWORD})
        _equal(signed_in.user.id, response.user.id, "the created user signs in")
    ctx.check("auth admin: create_user (confirmed, metadata) and sign in", admin_create)

    def admin_read_update() -> None:
        uid = staff_id["id"]
        _equal(ctx.svc.auth.admin.get_user_by_id(uid).user.email, staff, "get_user_by_id")
        users = ctx.svc.auth.admin.list_users(page=1, per_page=1000)
        _expect(any(u.id == uid for u in users), "list_users does not contain the created user")
        updated = ctx.svc.auth.admin.update_user_by_id(uid, {"user_metadata": {"phone": "780"}})
        _equal(updated.user.user_metadata, {"business_name": "Check HVAC", "phone": "780"}, "merged user_metadata")
        for exchange in ctx.recorder.exchanges:
            _expect("encrypted_password" not in exchange.body and "$2a$" not in exchange.body and "$2b$" not in exchange.body,
                    f"a password hash in a response of {exchange.url}")
    ctx.check("auth admin: get_user_by_id, list_users, update_user_by_id; no password hash anywhere", admin_read_update)

    def admin_refused() -> None:
        error = _api_error(lambda: ctx.anon.auth.admin.list_users())
        _equal((error.status, error.code), (403, "not_admin"), "anon key on list_users")
        error = _api_error(lambda: ctx.a.auth.admin.delete_user(staff_id["id"]))
        _equal((error.status, error.code), (403, "not_admin"), "a signed-in user on delete_user")
    ctx.check("auth admin: the anon key and users get 403 not_admin", admin_refused)

    def admin_delete() -> None:
        uid = staff_id["id"]
        ctx.svc.auth.admin.delete_user(uid)
        error = _api_error(lambda: ctx.svc.auth.admin.get_user_by_id(uid))
        _equal((error.status, error.code), (404, "user_not_found"), "get_user_by_id after delete")
    ctx.check("auth admin: delete_user", admin_delete)

    # -- recovery ------------------------------------------------------------------------------------------------
    owner = ctx.email("recover")

    def recover_by_code() -> None:
        ctx.client(ctx.anon_key).auth.sign_up({"email": owner, "password": PASSWORD})
        ctx.anon.auth.reset_password_for_email(owner, {"redirect_to": ctx.url + "/reset"})
        mail = inbox().only_mail_to(owner)
        _equal(mail["subject"], "Reset Your Password", "subject")
        _expect(mail["link"].startswith(ctx.url + "/auth/v1/verify?"), f"link {mail['link']!r}")
        user = ctx.client(ctx.anon_key)
        verified = user.auth.verify_otp({"email": owner, "token": mail["code"], "type": "recovery"})
        _expect(verified.session is not None, "verify_otp returned no session")
        user.auth.update_user({"password": NEW_PASSWORD})
        again = ctx.client(ctx.anon_key).auth.sign_in_with_password({"email": owner, "password": NEW_PASSWORD})
        _equal(again.user.email, owner, "sign-in with the new password")
        error = _api_error(lambda: ctx.client(ctx.anon_key).auth.verify_otp({"email": owner, "token": mail["code"], "type": "recovery"}))
        _equal((error.status, error.code), (403, "otp_expired"), "the same code a second time")
    ctx.check("auth flows: reset_password_for_email, the code from the mail, verify_otp, new password; once only", recover_by_code)

    def recover_unknown() -> None:
        ghost = ctx.email("ghost")
        ctx.anon.auth.reset_password_for_email(ghost)
        _equal(len(inbox().mails_to(ghost, wait=1)), 0, "messages to an unknown address")
    ctx.check("auth flows: reset_password_for_email for an unknown address succeeds and sends nothing", recover_unknown)

    # -- magic link / OTP ----------------------------------------------------------------------------------------
    newcomer = ctx.email("otp")

    def otp_signup() -> None:
        ctx.anon.auth.sign_in_with_otp({"email": newcomer, "options": {"should_create_user": True, "data": {"business_name": "OTP Co"}}})
        mail = inbox().only_mail_to(newcomer)
        _expect(bool(mail["code"]), "no code in the mail")
        verified = ctx.client(ctx.anon_key).auth.verify_otp({"email": newcomer, "token": mail["code"], "type": "email"})
        _expect(verified.session is not None, "no session")
        _equal(verified.user.user_metadata.get("business_name"), "OTP Co", "metadata of the created user")
        _expect(verified.user.email_confirmed_at is not None, "not confirmed by the code")
    ctx.check("auth flows: sign_in_with_otp creates the user; the emailed code signs in (type email)", otp_signup)

    def otp_refused() -> None:
        error = _api_error(lambda: ctx.anon.auth.sign_in_with_otp({"email": ctx.email("nobody"), "options": {"should_create_user": False}}))
        _equal((error.status, error.code), (422, "otp_disabled"), "should_create_user false for an unknown address")
    ctx.check("auth flows: sign_in_with_otp without should_create_user refuses an unknown address", otp_refused)

    # -- resend + the emailed link ---------------------------------------------------------------------------------
    pending = ctx.email("pending")

    def resend_and_link() -> None:
        ctx.svc.auth.admin.create_user({"email": pending, "password": PASSWORD})
        error = _api_error(lambda: ctx.client(ctx.anon_key).auth.sign_in_with_password({"email": pending, "password": PASSWORD}))
        _equal((error.status, error.code), (400, "email_not_confirmed"), "sign-in before confirmation")
        ctx.anon.auth.resend({"type": "signup", "email": pending})
        mail = inbox().only_mail_to(pending)
        _equal(mail["subject"], "Confirm Your Signup", "subject")
        followed = httpx.get(mail["link"], follow_redirects=False, timeout=10)
        _equal(followed.status_code, 303, "status of the emailed link")
        fragment = parse_qs(urlsplit(followed.headers["location"]).fragment)
        _expect("access_token" in fragment and fragment.get("type") == ["signup"], f"location {followed.headers['location']!r}")
        signed_in = ctx.client(ctx.anon_key).auth.sign_in_with_password({"email": pending, "password": PASSWORD})
        _equal(signed_in.user.email, pending, "sign-in after confirmation")
        again = httpx.get(mail["link"], follow_redirects=False, timeout=10)
        again_fragment = parse_qs(urlsplit(again.headers["location"]).fragment)
        _equal(again_fragment.get("error_code"), ["otp_expired"], "the link a second time")
    ctx.check("auth flows: resend (signup), the emailed /verify link (303, session in the fragment), once only", resend_and_link)

    def no_link_in_log() -> None:
        with open(ctx.log_file, encoding="utf-8", errors="replace") as handle:
            log = handle.read()
        for mail in inbox().mails_to(pending, wait=0) + inbox().mails_to(owner, wait=0):
            token = parse_qs(urlsplit(mail["link"]).query).get("token", [""])[0]
            _expect(bool(token) and token not in log, "an emailed token is in the server log")
    ctx.check("auth flows: no emailed token appears in the server log", no_link_in_log)
