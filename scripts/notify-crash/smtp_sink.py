#!/usr/bin/env python3
"""A plain aiosmtpd server that records what arrives, for the notification crash test and benchmark.

Every accepted message appends one JSON line to --out, flushed before the 250 reply is sent (so a message the
server acknowledged is on disk): {"message_id", "notification", "subject", "to", "received": unix time}.
--delay-ms holds each DATA for that long before accepting (so delivery workers are killed while sends are in flight).
Prints "READY <port>" on stdout once listening.
"""
import argparse
import asyncio
import email
import email.policy
import json
import signal
import socket
import threading
import time

from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--delay-ms", type=float, default=0)
args = parser.parse_args()
lock = threading.Lock()
out = open(args.out, "a", buffering=1)


class Handler:
    async def handle_DATA(self, server, session, envelope):
        if args.delay_ms:
            await asyncio.sleep(args.delay_ms / 1000)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {"message_id": str(message.get("Message-ID", "")), "notification": str(message.get("X-FloWorx-Notification", "")),
                  "subject": str(message.get("Subject", "")), "to": envelope.rcpt_tos, "received": time.time()}
        with lock:
            out.write(json.dumps(record) + "\n")
            out.flush()
        return "250 2.0.0 Ok: queued"


port = args.port
if port == 0:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
controller = Controller(Handler(), hostname="127.0.0.1", port=port, data_size_limit=10 * 1024 * 1024)
controller.start()
print(f"READY {port}", flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
