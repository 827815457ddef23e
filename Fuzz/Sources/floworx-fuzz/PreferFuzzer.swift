import FloWorxServer
import HTTPTypes
import Hummingbird

/// The data API's `Prefer` header; each line of the input is one `Prefer` field (requests may repeat it).
///
/// Invariants: only the preferences the API honours are echoed in `Preference-Applied`, and what is echoed agrees
/// with what was parsed (a count, a return mode, a resolution, a rollback).
enum PreferFuzzer {
    static let honoured: Set<String> = [
        "return=representation", "return=minimal", "return=headers-only", "count=exact", "count=planned",
        "count=estimated", "resolution=merge-duplicates", "resolution=ignore-duplicates", "tx=rollback", "tx=commit",
    ]

    static func run(_ bytes: [UInt8]) {
        var headers = HTTPFields()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            headers.append(HTTPField(name: HTTPField.Name("Prefer")!, value: String(line)))
        }
        let prefer = Prefer(FuzzRequest.make(headers: headers))
        for item in prefer.applied {
            invariant(honoured.contains(item), "echoed an unknown preference \(item)")
        }
        invariant(prefer.countExact == prefer.applied.contains { $0.hasPrefix("count=") }, "count parsed and echoed disagree")
        invariant(prefer.rollback == prefer.applied.contains("tx=rollback"), "rollback parsed and echoed disagree")
        invariant((prefer.returnPreference != nil) == prefer.applied.contains { $0.hasPrefix("return=") }, "return parsed and echoed disagree")
        invariant((prefer.resolution != nil) == prefer.applied.contains { $0.hasPrefix("resolution=") }, "resolution parsed and echoed disagree")
    }
}
