#!/usr/bin/env python3
"""Checks an OTLP/HTTP JSON body that FloWorx sent against the OpenTelemetry protobuf definitions.

The body is one ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1/trace_service.proto) in the
OTLP/JSON encoding (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): the protobuf JSON mapping,
except that trace and span ids are hex strings rather than base64. So the ids are checked as hex of the right length,
turned into base64, and the whole body is parsed by protobuf's own JSON parser into the generated message with
unknown fields refused: every field name, nesting and type must be the proto's. Then what the proto cannot say: enum
values in range, start <= end, a service.name on the resource, parent links within one trace.

Usage: otlp_check.py BODY.json [BODY.json ...]
"""
import base64
import json
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status


def hex_to_base64(value, digits, where):
    if not isinstance(value, str) or len(value) != digits or any(c not in "0123456789abcdef" for c in value) or set(value) == {"0"}:
        raise SystemExit(f"{where}: must be {digits} lowercase hex digits, not all zero; got {value!r}")
    return base64.b64encode(bytes.fromhex(value)).decode()


def to_proto_json(body):
    """The body with its hex ids in the proto3 JSON mapping's base64, and the spans seen, for the checks after."""
    spans = []
    for r, resource_spans in enumerate(body.get("resourceSpans", [])):
        for s, scope_spans in enumerate(resource_spans.get("scopeSpans", [])):
            for i, span in enumerate(scope_spans.get("spans", [])):
                where = f"resourceSpans[{r}].scopeSpans[{s}].spans[{i}]"
                spans.append((where, dict(span), resource_spans))
                span["traceId"] = hex_to_base64(span.get("traceId"), 32, where + ".traceId")
                span["spanId"] = hex_to_base64(span.get("spanId"), 16, where + ".spanId")
                if span.get("parentSpanId"):
                    span["parentSpanId"] = hex_to_base64(span["parentSpanId"], 16, where + ".parentSpanId")
                for k, link in enumerate(span.get("links", [])):
                    link["traceId"] = hex_to_base64(link.get("traceId"), 32, f"{where}.links[{k}].traceId")
                    link["spanId"] = hex_to_base64(link.get("spanId"), 16, f"{where}.links[{k}].spanId")
    return spans


def check(path):
    with open(path, "rb") as handle:
        body = json.load(handle)
    spans = to_proto_json(body)
    request = ExportTraceServiceRequest()
    try:
        json_format.Parse(json.dumps(body), request, ignore_unknown_fields=False)
    except json_format.ParseError as error:
        raise SystemExit(f"{path}: not an ExportTraceServiceRequest: {error}")
    if not spans:
        raise SystemExit(f"{path}: no spans")
    kinds = set(Span.SpanKind.values())
    codes = set(Status.StatusCode.values())
    by_id = {}
    for where, span, resource_spans in spans:
        names = {a["key"] for a in resource_spans.get("resource", {}).get("attributes", [])}
        if "service.name" not in names:
            raise SystemExit(f"{path}: {where}: its resource has no service.name")
        if span.get("kind", 0) not in kinds or span.get("kind", 0) == 0:
            raise SystemExit(f"{path}: {where}: kind {span.get('kind')!r} is not a SpanKind other than UNSPECIFIED")
        if span.get("status", {}).get("code", 0) not in codes:
            raise SystemExit(f"{path}: {where}: status.code {span['status']['code']!r} is not a StatusCode")
        if int(span["startTimeUnixNano"]) > int(span["endTimeUnixNano"]) or int(span["startTimeUnixNano"]) < 10**18:
            raise SystemExit(f"{path}: {where}: times must be nanoseconds since 1970 with start <= end")
        by_id[span["spanId"]] = span
    for where, span, _ in spans:
        parent = by_id.get(span.get("parentSpanId"))
        if parent is not None and parent["traceId"] != span["traceId"]:
            raise SystemExit(f"{path}: {where}: its parent is in another trace")
    traces = {span["traceId"] for _, span, _ in spans}
    parsed = sum(len(ss.spans) for rs in request.resource_spans for ss in rs.scope_spans)
    print(f"{path}: {parsed} spans of {len(traces)} trace(s) are a valid ExportTraceServiceRequest "
          f"(names: {', '.join(sorted({s['name'] for _, s, _ in spans}))})")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for argument in sys.argv[1:]:
        check(argument)
