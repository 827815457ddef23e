"""Stripe's official Python library (stripe, PyPI) against FloWorx's local Stripe server.

Every call FloWorx's StripeClient makes is made here through the library, unchanged but for `stripe.api_base`:
customers (create with an idempotency key, replay, retrieve, search by metadata), Checkout Sessions (create in
subscription mode with nested line items and metadata, retrieve), Billing Portal sessions, subscriptions (retrieve,
cancel), invoices (retrieve, list, pay) and events. Errors must come back as the library's exception classes with
Stripe's code and param. The webhooks the local server sends are checked with `stripe.Webhook.construct_event`:
every genuine delivery verifies, every forged one (wrong secret, tampered body, stale timestamp, no header) raises
`SignatureVerificationError`.

Environment: STRIPE_CHECK_API_BASE (the local server), STRIPE_CHECK_SECRET_KEY, STRIPE_CHECK_WEBHOOK_SECRET,
STRIPE_CHECK_PRICE (a price id the server sells). Prints one JSON line with "ok" and exits 0 when everything held.
"""
import http.server
import json
import os
import sys
import threading
import urllib.request
import uuid

import stripe

BASE = os.environ["STRIPE_CHECK_API_BASE"].rstrip("/")
KEY = os.environ["STRIPE_CHECK_SECRET_KEY"]
WHSEC = os.environ["STRIPE_CHECK_WEBHOOK_SECRET"]
PRICE = os.environ.get("STRIPE_CHECK_PRICE", "price_floworx_basic")

stripe.api_key = KEY
stripe.api_base = BASE
stripe.max_network_retries = 0

failures = []
checked = []


def check(name, condition, detail=""):
    checked.append(name)
    if not condition:
        failures.append(f"{name}: {detail}")


def control(path, body=None):
    data = json.dumps(body or {}).encode()
    request = urllib.request.Request(f"{BASE}/_local/stripe/{path}", data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def expect_error(name, cls, call, status=None, code=None, param=None):
    try:
        call()
    except cls as error:
        check(name + " status", status is None or error.http_status == status, f"status {error.http_status}")
        check(name + " code", code is None or error.code == code, f"code {error.code}")
        check(name + " param", param is None or getattr(error, "param", None) == param, f"param {getattr(error, 'param', None)}")
        return error
    except Exception as error:  # noqa: BLE001 - the wrong class is the failure being reported
        check(name, False, f"raised {type(error).__name__}: {error}")
        return None
    check(name, False, "no error raised")
    return None


# -- the webhook endpoint: verifies with the library, answers 200 or 400 as FloWorx's route does.
verified, rejected = [], []


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the stdlib's name
        payload = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            event = stripe.Webhook.construct_event(payload, self.headers.get("Stripe-Signature"), WHSEC)
            verified.append((event.id, event.type))
            self.send_response(200)
        except stripe.SignatureVerificationError:
            rejected.append(json.loads(payload)["id"])
            self.send_response(400)
        self.end_headers()

    def log_message(self, *args):
        pass


hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=hook.serve_forever, daemon=True).start()
control("webhooks/endpoint", {"url": f"http://127.0.0.1:{hook.server_address[1]}/webhook"})

business = str(uuid.uuid4())

# -- customers
customer = stripe.Customer.create(email="owner@example.com", metadata={"business_id": business},
                                  idempotency_key=f"customer:{business}")
check("customer id", customer.id.startswith("cus_"), customer.id)
again = stripe.Customer.create(email="owner@example.com", metadata={"business_id": business},
                               idempotency_key=f"customer:{business}")
check("idempotent replay returns the same customer", again.id == customer.id, f"{again.id} != {customer.id}")
check("customer metadata", stripe.Customer.retrieve(customer.id).metadata["business_id"] == business)
found = stripe.Customer.search(query=f"metadata['business_id']:'{business}'")
check("search by metadata", [c.id for c in found.data] == [customer.id], str([c.id for c in found.data]))
expect_error("idempotency key with other parameters", stripe.IdempotencyError,
             lambda: stripe.Customer.create(email="other@example.com", idempotency_key=f"customer:{business}"), status=400)

# -- checkout
session = stripe.checkout.Session.create(
    mode="subscription", customer=customer.id, client_reference_id=business,
    success_url="http://127.0.0.1/app/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
    cancel_url="http://127.0.0.1/app/billing?checkout=cancel",
    line_items=[{"price": PRICE, "quantity": 1}], metadata={"business_id": business, "plan_id": "basic"},
    subscription_data={"metadata": {"business_id": business}}, idempotency_key=f"checkout:{business}:1")
check("checkout session", session.status == "open" and session.url and session.mode == "subscription", str(session))
check("checkout client_reference_id", session.client_reference_id == business)
expect_error("checkout without success_url", stripe.InvalidRequestError,
             lambda: stripe.checkout.Session.create(mode="subscription", customer=customer.id, line_items=[{"price": PRICE}]),
             status=400, code="parameter_missing", param="success_url")
expect_error("checkout with an unknown price", stripe.InvalidRequestError,
             lambda: stripe.checkout.Session.create(mode="subscription", success_url="http://x", line_items=[{"price": "nope"}]),
             status=400, code="resource_missing", param="line_items[0][price]")
expect_error("unknown parameter", stripe.InvalidRequestError,
             lambda: stripe.checkout.Session.create(mode="subscription", success_url="http://x", line_items=[{"price": PRICE}], bogus="1"),
             status=400, code="parameter_unknown", param="bogus")

control(f"checkout/sessions/{session.id}/complete")
session = stripe.checkout.Session.retrieve(session.id)
check("checkout complete", session.status == "complete" and session.subscription and session.payment_status == "paid", str(session))

# -- subscription and invoices
subscription = stripe.Subscription.retrieve(session.subscription)
item = subscription["items"]["data"][0]
check("subscription active", subscription.status == "active", subscription.status)
check("subscription period", item["current_period_end"] > item["current_period_start"], str(item))
check("subscription price", item["price"]["id"] == PRICE)
check("subscription metadata", subscription.metadata["business_id"] == business)
invoice = stripe.Invoice.retrieve(subscription.latest_invoice)
check("first invoice paid", invoice.status == "paid" and invoice.amount_paid == invoice.amount_due > 0, str(invoice))
check("invoice subscription", invoice.parent["subscription_details"]["subscription"] == subscription.id)
check("invoice line period", invoice.lines.data[0].period.end == item["current_period_end"])

renewal = control(f"subscriptions/{subscription.id}/renew", {"payment": "fails"})
check("renewal open", renewal["status"] == "open")
check("past_due after a failed payment", stripe.Subscription.retrieve(subscription.id).status == "past_due")
paid = stripe.Invoice.pay(renewal["id"])
check("invoice pay", paid.status == "paid", paid.status)
check("active after paying", stripe.Subscription.retrieve(subscription.id).status == "active")
invoices = stripe.Invoice.list(customer=customer.id, limit=10)
check("invoice list", [i.id for i in invoices.data] == [renewal["id"], invoice.id], str([i.id for i in invoices.data]))
check("invoice list by subscription", len(stripe.Invoice.list(subscription=subscription.id, limit=1).data) == 1)
expect_error("unknown invoice", stripe.InvalidRequestError, lambda: stripe.Invoice.retrieve("in_missing"),
             status=404, code="resource_missing", param="id")

# -- billing portal
portal = stripe.billing_portal.Session.create(customer=customer.id, return_url="http://127.0.0.1/app/billing")
check("portal session", portal.url.startswith(BASE) and portal.customer == customer.id, str(portal))
expect_error("portal for an unknown customer", stripe.InvalidRequestError,
             lambda: stripe.billing_portal.Session.create(customer="cus_missing"), status=400, code="resource_missing", param="customer")

# -- auth and rate limits
wrong = stripe.StripeClient("sk_test_wrong_key_0000", base_addresses={"api": BASE})
expect_error("wrong key", stripe.AuthenticationError, lambda: wrong.v1.customers.retrieve(customer.id), status=401)

# -- webhooks: forged deliveries of the next events, then the cancel
for fault in ["wrong_secret", "tampered_body", "stale_timestamp", "missing"]:
    control("webhooks/forge", {"count": 1, "fault": fault})
    stripe.Subscription.modify(subscription.id, metadata={"fault": fault})
canceled = stripe.Subscription.cancel(subscription.id)
check("cancel", canceled.status == "canceled" and canceled.ended_at, str(canceled))
expect_error("cancel twice", stripe.InvalidRequestError, lambda: stripe.Subscription.cancel(subscription.id), status=400)
events = stripe.Event.list(limit=100)
types = [e.type for e in events.data]
check("events list", "checkout.session.completed" in types and types[0] == "customer.subscription.deleted", str(types[:5]))
event = stripe.Event.retrieve(events.data[0].id)
check("event retrieve", event.data.object.id == subscription.id)

control("webhooks/drain")
hook.shutdown()
all_events = {e.id for e in stripe.Event.list(limit=100).data}
check("every event verified once", sorted(e for e, _ in verified) == sorted(all_events),
      f"{len(verified)} verified, {len(all_events)} events")
check("every forged delivery rejected", len(rejected) == 4, f"{len(rejected)} rejected")

print(json.dumps({"ok": not failures, "checks": len(checked), "failures": failures, "stripe": stripe.VERSION,
                  "events_verified": len(verified), "forged_rejected": len(rejected)}))
sys.exit(0 if not failures else 1)
