#!/usr/bin/env python3
"""Drives the test chat-completions server with OpenAI's official Python client (the `openai` package).

The server is Tests/FloWorxIntegrationsTests/ChatCompletionsServer.swift; it only runs inside the Swift tests, so
the test `TriageSecondOpinionTests.officialClient` starts it with the answers below, in this order, and runs this
script against it when FLOWORX_OPENAI_PYTHON names a Python with `openai` installed
(scripts/api-check/openai-requirements.txt):

  1. a Structured Outputs answer -> client.chat.completions.parse(response_format=<pydantic model>): the SDK builds
     its own strict json_schema, the server checks it as the API does, the SDK parses the answer into the model;
  2. the same answer -> client.chat.completions.create(response_format=FloWorx's schema, read from --schema): the
     server accepts FloWorx's request shape, the SDK's ChatCompletion reads the answer and its usage;
  3. a refusal -> parse(): message.refusal is set and message.parsed is None;
  4. an answer cut at the token limit -> parse() raises LengthFinishReasonError;
  5. HTTP 500 -> InternalServerError (retries off).

Prints one line per check (PASS/FAIL name) and exits 1 on any failure.

Usage: openai_structured.py --base-url http://127.0.0.1:PORT/v1 --api-key KEY --schema SCHEMA.json
"""

from __future__ import annotations

import argparse
import json
import sys
from enum import Enum

import openai
from openai import OpenAI
from pydantic import BaseModel, ConfigDict


class Urgency(str, Enum):
    low = "low"
    normal = "normal"
    high = "high"
    critical = "critical"


class Triage(BaseModel):
    """The shape of FloWorx's second opinion (TriageSecondOpinionClient.schema)."""

    model_config = ConfigDict(extra="forbid")
    category: str
    urgency: Urgency
    escalate: bool
    confidence: float
    safety_reason: str
    reason: str


MESSAGES = [
    {"role": "system", "content": "You triage email for a small hvac business."},
    {"role": "user", "content": "Subject: no heat\n\nThe furnace stopped and the baby is cold."},
]

failures: list[str] = []
passes: list[str] = []


def check(name: str, condition: bool, detail: str = "") -> None:
    print(f"{'PASS' if condition else 'FAIL'} {name}{'' if condition else ': ' + detail}")
    (passes if condition else failures).append(name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--schema", required=True, help="FloWorx's json_schema object (name, strict, schema)")
    args = parser.parse_args()
    client = OpenAI(base_url=args.base_url, api_key=args.api_key, max_retries=0, timeout=10)
    print(f"openai {openai.__version__} against {args.base_url}")

    # 1. The SDK's own strict schema from a pydantic model.
    completion = client.chat.completions.parse(model="gpt-4o-mini", messages=MESSAGES, response_format=Triage)
    parsed = completion.choices[0].message.parsed
    check("parse() returns the pydantic model", isinstance(parsed, Triage), repr(parsed))
    if isinstance(parsed, Triage):
        check("parsed fields", parsed.category == "URGENT" and parsed.urgency is Urgency.critical and parsed.escalate
              and parsed.safety_reason == "no heat with an infant", repr(parsed))

    # 2. FloWorx's request shape, as TriageSecondOpinionClient sends it.
    with open(args.schema, encoding="utf-8") as handle:
        json_schema = json.load(handle)
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, max_completion_tokens=300,
        response_format={"type": "json_schema", "json_schema": json_schema})
    message = completion.choices[0].message
    answer = Triage.model_validate_json(message.content or "")
    check("create() with FloWorx's schema is accepted and its content validates", answer.category == "URGENT", repr(answer))
    check("usage is read", completion.usage is not None and completion.usage.prompt_tokens == 420
          and completion.usage.completion_tokens == 31 and completion.usage.total_tokens == 451, repr(completion.usage))

    # 3. A refusal.
    completion = client.chat.completions.parse(model="gpt-4o-mini", messages=MESSAGES, response_format=Triage)
    message = completion.choices[0].message
    check("a refusal: message.refusal set, parsed None", message.refusal == "I can't help with that." and message.parsed is None,
          repr(message))

    # 4. Cut at the token limit.
    try:
        client.chat.completions.parse(model="gpt-4o-mini", messages=MESSAGES, response_format=Triage)
        check("finish_reason length raises LengthFinishReasonError", False, "no exception")
    except openai.LengthFinishReasonError:
        check("finish_reason length raises LengthFinishReasonError", True)

    # 5. A server error.
    try:
        client.chat.completions.parse(model="gpt-4o-mini", messages=MESSAGES, response_format=Triage)
        check("HTTP 500 raises InternalServerError", False, "no exception")
    except openai.InternalServerError as error:
        check("HTTP 500 raises InternalServerError", error.status_code == 500, repr(error))

    print(f"{len(passes)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
