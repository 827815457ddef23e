"""Twilio's official Python helper library (twilio, PyPI) against FloWorx's local Twilio server and status route.

Run by the Swift test TwilioOfficialClientTests (scripts/notify-check/twilio-check.sh), which starts the local Twilio
server and FloWorx's HTTP application and passes them in the environment:
  TWILIO_CHECK_BASE_URL      the local Twilio server (http://127.0.0.1:<port>)
  TWILIO_CHECK_ACCOUNT_SID   its account
  TWILIO_CHECK_AUTH_TOKEN    its Auth Token
  TWILIO_CHECK_FROM          a number the account owns
  TWILIO_CHECK_ROUTE_URL     FloWorx's POST /api/v1/webhooks/twilio/status
  TWILIO_CHECK_MESSAGE_SID   the provider message id of a notification row the route should mark delivered
Checks: messages.create / fetch / list (paging) parse the local server's JSON; errors raise TwilioRestException with
Twilio's code; RequestValidator accepts the signatures of the callbacks the local server sent; FloWorx's route accepts
a callback signed by RequestValidator.compute_signature and refuses a wrong one. Prints one JSON line; exit 1 on a
failed check.
"""
import json
import os
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

env = os.environ
BASE = env["TWILIO_CHECK_BASE_URL"]
SID = env["TWILIO_CHECK_ACCOUNT_SID"]
TOKEN = env["TWILIO_CHECK_AUTH_TOKEN"]
FROM = env["TWILIO_CHECK_FROM"]
ROUTE = env["TWILIO_CHECK_ROUTE_URL"]
ROUTE_SID = env["TWILIO_CHECK_MESSAGE_SID"]

failures = []
results = {}


def check(name, condition, detail=""):
    results[name] = bool(condition)
    if not condition:
        failures.append(f"{name}: {detail}")


# A listener that records the status callbacks the local server POSTs.
received = []
arrived = threading.Condition()


class Listener(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        url = f"http://{self.headers['Host']}{self.path}"
        with arrived:
            received.append((url, params, self.headers.get("X-Twilio-Signature")))
            arrived.notify_all()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


listener = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
threading.Thread(target=listener.serve_forever, daemon=True).start()
callback_url = f"http://127.0.0.1:{listener.server_address[1]}/twilio/status?run=1"

client = Client(SID, TOKEN)
# The Api domain's base URL is where every 2010-04-01 request goes (twilio 9: Domain.absolute_url).
client.api.base_url = BASE

# Create, fetch, list.
message = client.messages.create(to="+15551234567", from_=FROM, body="Gas smell at 12 Oak St", status_callback=callback_url)
check("create.sid", message.sid.startswith("SM") and len(message.sid) == 34, message.sid)
check("create.status", message.status == "queued", message.status)
check("create.num_segments", message.num_segments == "1", repr(message.num_segments))
check("create.account_sid", message.account_sid == SID, message.account_sid)
check("create.date_created", message.date_created is not None and message.date_created.tzinfo is not None, repr(message.date_created))
check("create.price", message.price is None, repr(message.price))
long_body = "Burst pipe in the basement at 4 Elm Rd. " * 8
long_message = client.messages.create(to="+15551234567", from_=FROM, body=long_body)
check("create.segments", long_message.num_segments == "3", repr(long_message.num_segments))
unicode_message = client.messages.create(to="+15557654321", from_=FROM, body="Fire 🔥 now")
check("create.ucs2", unicode_message.num_segments == "1", repr(unicode_message.num_segments))

fetched = client.messages(message.sid).fetch()
check("fetch.sid", fetched.sid == message.sid, fetched.sid)
check("fetch.body", fetched.body == "Gas smell at 12 Oak St", fetched.body)

listed = client.messages.list(page_size=2, limit=10)
check("list.count", len(listed) == 3, str(len(listed)))
check("list.newest_first", [m.sid for m in listed] == [unicode_message.sid, long_message.sid, message.sid], str([m.sid for m in listed]))
only = client.messages.list(to="+15557654321")
check("list.filter_to", [m.sid for m in only] == [unicode_message.sid], str([m.sid for m in only]))

# Errors.
try:
    client.messages.create(to="+1555", from_=FROM, body="x")
    check("error.invalid_to", False, "no exception")
except TwilioRestException as error:
    check("error.invalid_to", error.code == 21211 and error.status == 400, f"{error.code} {error.status}")
try:
    client.messages.create(to="+15551234567", from_="+15559990000", body="x")
    check("error.from_not_owned", False, "no exception")
except TwilioRestException as error:
    check("error.from_not_owned", error.code == 21606 and error.status == 400, f"{error.code} {error.status}")
try:
    wrong = Client(SID, "0" * 32)
    wrong.api.base_url = BASE
    wrong.messages.create(to="+15551234567", from_=FROM, body="x")
    check("error.auth", False, "no exception")
except TwilioRestException as error:
    check("error.auth", error.code == 20003 and error.status == 401, f"{error.code} {error.status}")

# The local server's callbacks (sent, then delivered), validated by Twilio's own validator.
with arrived:
    arrived.wait_for(lambda: len(received) >= 2, timeout=60)
validator = RequestValidator(TOKEN)
check("callbacks.count", len(received) == 2, str(len(received)))
check("callbacks.statuses", [p.get("MessageStatus") for _, p, _ in received] == ["sent", "delivered"], str([p.get("MessageStatus") for _, p, _ in received]))
for index, (url, params, signature) in enumerate(received):
    check(f"callbacks.{index}.valid", validator.validate(url, params, signature), f"{url} {params} {signature}")
    check(f"callbacks.{index}.other_token_invalid", not RequestValidator("1" * 32).validate(url, params, signature), "accepted with another token")
    check(f"callbacks.{index}.sid", params.get("MessageSid") == message.sid and params.get("AccountSid") == SID, str(params))

# FloWorx's route accepts what RequestValidator signs, and refuses a wrong signature.
params = {"MessageSid": ROUTE_SID, "SmsSid": ROUTE_SID, "MessageStatus": "delivered", "SmsStatus": "delivered", "AccountSid": SID,
          "From": FROM, "To": "+15551234567", "ApiVersion": "2010-04-01"}


def post(signature):
    request = urllib.request.Request(ROUTE, data=urllib.parse.urlencode(params).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


check("route.wrong_signature", post("AAAAAAAAAAAAAAAAAAAAAAAAAAA=") == 403, "")
status = post(validator.compute_signature(ROUTE, params))
check("route.signed", status == 200, str(status))

listener.shutdown()
print(json.dumps({"ok": not failures, "checks": len(results), "failures": failures}))
sys.exit(1 if failures else 0)
