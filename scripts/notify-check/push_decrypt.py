#!/usr/bin/env python3
"""Decrypts one web push message as the browser would, with http_ece (RFC 8291 aes128gcm), and verifies its VAPID
Authorization header with py_vapid (RFC 8292). Run by the Swift test WebPushPythonCheckTests (push-check.sh).

Input: a JSON object on stdin:
  {"body": <base64url message body>, "private_key": <base64url raw 32-byte P-256 scalar of the receiver>,
   "auth": <base64url 16-byte auth secret>, "authorization": <the request's Authorization header>,
   "audience": <the push service origin the token must name>}
Output: a JSON object on stdout: {"plaintext": <base64url>, "vapid_verified": true, "claims": {...}}.
Exits 1 with a message on stderr when decryption or verification fails.
"""
import base64
import json
import sys
import time

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def main():
    request = json.load(sys.stdin)
    scalar = int.from_bytes(b64url_decode(request["private_key"]), "big")
    receiver = ec.derive_private_key(scalar, ec.SECP256R1())
    # aes128gcm: the salt, record size and sender key come from the body's own header.
    plaintext = http_ece.decrypt(
        b64url_decode(request["body"]),
        private_key=receiver,
        auth_secret=b64url_decode(request["auth"]),
        version="aes128gcm",
    )

    header = request["authorization"]
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "vapid":
        sys.exit("Authorization scheme is not vapid: " + scheme)
    params = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        params[name.strip().lower()] = value.strip()
    # py_vapid's parser wants "t=...,k=..." without blanks (RFC 8292 allows ", ").
    if not Vapid02.verify("vapid t={},k={}".format(params["t"], params["k"])):
        sys.exit("py_vapid: the VAPID signature does not verify")
    claims = json.loads(b64url_decode(params["t"].split(".")[1]))
    now = time.time()
    if claims.get("aud") != request["audience"]:
        sys.exit("aud {!r} is not {!r}".format(claims.get("aud"), request["audience"]))
    if not (now < claims["exp"] <= now + 24 * 3600):
        sys.exit("exp is not within the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        sys.exit("sub is not a mailto: or https: URI")
    json.dump({"plaintext": b64url_encode(plaintext), "vapid_verified": True, "claims": claims}, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
