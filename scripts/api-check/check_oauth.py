"""GoTrue's OAuth sign-in through the official supabase-py client: sign_in_with_oauth (PKCE flow) builds the
/auth/v1/authorize URL, the browser's redirect chain is followed with urllib (FloWorx -> the demo's local Google
server -> FloWorx's /auth/v1/callback -> redirect_to?code=...), and exchange_code_for_session trades the code and the
verifier the client kept for a session. Then the refusals: the callback replayed, the code replayed, a foreign
redirect_to, an unknown provider.

`floworx serve` on its embedded database signs in with Google against the demo's local Google server, whose accounts
are the demo's Gmail mailboxes (login_hint picks hvac@demo.floworx.dev).

Called by supabase_check.py as run(ctx) with its Run: ctx.client(key) makes a client, ctx.check(name, body) reports
PASS/FAIL, ctx.url the server.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from typing import Any, Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from supabase import ClientOptions, create_client
from supabase_auth.errors import AuthApiError

ACCOUNT = "hvac@demo.floworx.dev"

_expect: Callable[[bool, str], None]
_equal: Callable[[Any, Any, str], None]
_auth_error: Callable[[Callable[[], Any]], Any]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands every 3xx back to the caller, as a browser's network log would show it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: N802 (urllib's name)
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _get(url: str) -> tuple[int, str, str]:
    """GET `url` without following redirects: (status, Location, body)."""
    try:
        with _opener.open(url, timeout=15) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "") or "", error.read().decode("utf-8", "replace")


def _follow(url: str, stop_at: str) -> tuple[str, list[str]]:
    """Follows redirects from `url` until one points at `stop_at` (the app): that URL, and every URL visited."""
    visited = [url]
    for _ in range(6):
        status, location, body = _get(url)
        _expect(status in (301, 302, 303, 307), f"GET {url.split('?')[0]} answered {status}: {body[:300]}")
        _expect(location != "", f"GET {url.split('?')[0]} redirected nowhere")
        if location.startswith(stop_at):
            return location, visited
        url = location
        visited.append(url)
    raise AssertionError(f"no redirect to {stop_at} after {visited}")


def _pkce_client(ctx: Any):
    return create_client(ctx.url, ctx.anon_key, ClientOptions(auto_refresh_token=False, flow_type="pkce"))


def run(ctx: Any) -> None:
    global _expect, _equal, _auth_error
    shared = sys.modules[type(ctx).__module__]
    _expect, _equal, _auth_error = shared.expect, shared.equal, shared.auth_error
    app = ctx.url + "/welcome"
    state: dict[str, Any] = {}

    def pkce_sign_in() -> None:
        client = _pkce_client(ctx)
        started = client.auth.sign_in_with_oauth({
            "provider": "google", "options": {"redirect_to": app, "query_params": {"login_hint": ACCOUNT}},
        })
        query = parse_qs(urlsplit(started.url).query)
        _equal(query.get("code_challenge_method"), ["s256"], "the client's PKCE method")
        landed, visited = _follow(started.url, app)
        _expect(any(urlsplit(u).path == "/auth/v1/callback" for u in visited), f"the chain did not pass the callback: {visited}")
        _expect("#" not in landed and "access_token" not in landed, f"PKCE flow leaked tokens into the URL: {landed}")
        code = parse_qs(urlsplit(landed).query).get("code", [""])[0]
        _expect(code != "", f"no ?code= in {landed}")
        response = client.auth.exchange_code_for_session({"auth_code": code})
        _expect(response.session is not None, "exchange_code_for_session returned no session")
        _equal(response.user.email, ACCOUNT, "signed-in user's email")
        _expect("google" in (response.user.app_metadata.get("providers") or []), f"providers: {response.user.app_metadata}")
        _equal(client.auth.get_user().user.id, response.user.id, "get_user with the new session")
        state.update(code=code, user=response.user.id, callback=[u for u in visited if urlsplit(u).path == "/auth/v1/callback"][0])
    ctx.check("oauth: sign_in_with_oauth (google, PKCE) + redirect chain + exchange_code_for_session", pkce_sign_in)

    def second_sign_in() -> None:
        client = _pkce_client(ctx)
        started = client.auth.sign_in_with_oauth({"provider": "google", "options": {"redirect_to": app, "query_params": {"login_hint": ACCOUNT}}})
        landed, _ = _follow(started.url, app)
        response = client.auth.exchange_code_for_session({"auth_code": parse_qs(urlsplit(landed).query)["code"][0]})
        _equal(response.user.id, state.get("user"), "a second sign-in is the same user")
    ctx.check("oauth: a second sign-in finds the same user", second_sign_in)

    def replays_refused() -> None:
        status, _, body = _get(state["callback"])
        _expect(status == 400 and "bad_oauth_state" in body, f"replayed callback: {status} {body[:200]}")
        client = _pkce_client(ctx)
        error = _auth_error(lambda: client.auth.exchange_code_for_session({"auth_code": state["code"], "code_verifier": "v" * 43}))
        _expect(isinstance(error, AuthApiError), f"expected an auth API error, got {error!r}")
        _equal((error.status, error.code), (404, "flow_state_not_found"), "replayed auth code")
    ctx.check("oauth: a replayed callback (state) and a replayed code are refused", replays_refused)

    def bad_requests_refused() -> None:
        for query, code in [
            ({"provider": "google", "redirect_to": "https://evil.example/steal"}, "validation_failed"),
            ({"provider": "myspace"}, "validation_failed"),
            ({"provider": "github"}, "provider_disabled"),
            ({"provider": "google", "code_challenge": "short", "code_challenge_method": "s256"}, "validation_failed"),
        ]:
            status, location, body = _get(f"{ctx.url}/auth/v1/authorize?{urlencode(query)}")
            _expect(status == 400 and f'"error_code":"{code}"' in body.replace(" ", ""), f"{query}: {status} {location} {body[:200]}")
    ctx.check("oauth: foreign redirect_to, unknown and disabled providers, a bad challenge: 400", bad_requests_refused)
