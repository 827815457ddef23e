#!/usr/bin/env python3
"""A real SMTP server for FloWorx's SMTP client test (SMTPAiosmtpdTests): aiosmtpd with TLS and AUTH required.

Two listeners on 127.0.0.1, free ports:
  - submission: plaintext greeting, STARTTLS required before anything else (require_starttls), AUTH required
    (auth_required, auth_require_tls), mechanisms PLAIN and LOGIN;
  - smtps: TLS from the first byte (implicit TLS, RFC 8314), AUTH required.
The certificate is issued by a throwaway CA made with `trustme` for 127.0.0.1 and localhost; the CA's PEM is written
to <dir>/ca.pem for the client to trust (FLOWORX_SMTP_CA_FILE). When both listeners run, <dir>/ready.json gets
{"starttls_port", "implicit_port", "ca_file"}. Every accepted message is appended to <dir>/messages.jsonl as one JSON
object: the envelope, whether TLS was negotiated (aiosmtpd's session.ssl) and its version, the AUTH mechanism and
user, the raw bytes (base64), and what Python's `email` package parsed from them (headers, parts, bodies).

Usage: smtp_server.py --dir DIR --user USER --password PASSWORD   (runs until SIGTERM/SIGINT)
"""
import argparse
import base64
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading
import warnings

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

LOCK = threading.Lock()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def describe(message) -> dict:
    """What a mail client would see: headers, the MIME tree, text bodies, attached messages parsed again."""
    parts = []
    for part in message.walk():
        entry = {"content_type": part.get_content_type(), "filename": part.get_filename()}
        if part.get_content_maintype() == "text":
            entry["content"] = part.get_content()
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload(0)
            entry["attached_subject"] = str(inner["Subject"])
            entry["attached_message_id"] = str(inner["Message-ID"])
            entry["attached_bytes_b64"] = base64.b64encode(inner.as_bytes(policy=email.policy.SMTP)).decode()
        parts.append(entry)
    headers = {name.lower(): str(value) for name, value in message.items()}
    return {"headers": headers, "parts": parts, "defects": [str(d) for d in message.defects]}


def tls_version(server):
    ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
    return ssl_object.version() if ssl_object is not None else None


class Recorder:
    def __init__(self, out_path: str, listener: str):
        self.out_path = out_path
        self.listener = listener

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        record = {
            "listener": self.listener,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            # session.ssl is aiosmtpd's own record of a negotiated TLS session (set after STARTTLS or on an SMTPS
            # connection); the version comes from the transport's SSL object.
            "tls": session.ssl is not None or tls_version(server) is not None,
            "session_ssl": session.ssl is not None,
            "tls_version": tls_version(server),
            "authenticated": bool(session.authenticated),
            "auth_mechanism": getattr(session, "floworx_mechanism", None),
            "auth_user": getattr(session, "floworx_user", None),
            "raw_b64": base64.b64encode(raw).decode(),
            "parsed": describe(email.message_from_bytes(raw, policy=email.policy.default)),
        }
        with LOCK, open(self.out_path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 2.0.0 OK stored"


def make_authenticator(user: str, password: str):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        if ok:
            session.floworx_mechanism = mechanism
            session.floworx_user = user
        return AuthResult(success=ok, handled=False)

    return authenticator


def main() -> int:
    # The SMTPS listener requires AUTH with auth_require_tls off (see below): aiosmtpd warns about it on every
    # connection.
    warnings.filterwarnings("ignore", category=UserWarning, module="aiosmtpd")
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file = os.path.join(args.dir, "ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)

    out = os.path.join(args.dir, "messages.jsonl")
    authenticator = make_authenticator(args.user, args.password)
    common = dict(hostname="127.0.0.1", authenticator=authenticator, auth_required=True, decode_data=False)
    submission = Controller(
        Recorder(out, "starttls"), port=free_port(), tls_context=context, require_starttls=True,
        auth_require_tls=True, server_hostname="smtp.test", **common,
    )
    smtps = Controller(
        Recorder(out, "implicit"), port=free_port(), ssl_context=context,
        # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; this listener is TLS from the first byte.
        auth_require_tls=False,
        server_hostname="smtps.test", **common,
    )
    submission.start()
    smtps.start()
    ready = {"starttls_port": submission.port, "implicit_port": smtps.port, "ca_file": ca_file}
    tmp = os.path.join(args.dir, "ready.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(ready, f)
    os.replace(tmp, os.path.join(args.dir, "ready.json"))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    # A session aiosmtpd left open (e.g. after a refused TLS handshake) can keep Controller.stop() waiting: give the
    # listeners a moment to stop, then exit regardless (every message is already on disk).
    stopper = threading.Thread(target=lambda: (submission.stop(), smtps.stop()), daemon=True)
    stopper.start()
    stopper.join(3)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
