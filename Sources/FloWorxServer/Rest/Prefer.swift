import Hummingbird

/// The `Prefer` header's preferences that the data API honours.
package struct Prefer {
    package enum Return: String { case representation, minimal, headersOnly = "headers-only" }

    package var returnPreference: Return?
    package var countExact = false
    package var resolution: RestConflictResolutionPreference?
    package var rollback = false
    /// The preferences applied, echoed in `Preference-Applied`.
    package var applied: [String] = []

    package enum RestConflictResolutionPreference: String { case merge = "merge-duplicates", ignore = "ignore-duplicates" }

    package init(_ request: Request) {
        for header in request.headers[values: .init("Prefer")!] {
            for item in header.split(separator: ",") {
                let pair = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
                guard pair.count == 2 else { continue }
                switch (pair[0], pair[1]) {
                case ("return", let value):
                    if let parsed = Return(rawValue: value) { returnPreference = parsed; applied.append("return=\(value)") }
                case ("count", "exact"), ("count", "planned"), ("count", "estimated"):
                    countExact = true
                    applied.append("count=\(pair[1])")
                case ("resolution", let value):
                    if let parsed = RestConflictResolutionPreference(rawValue: value) { resolution = parsed; applied.append("resolution=\(value)") }
                case ("tx", "rollback"):
                    rollback = true
                    applied.append("tx=rollback")
                case ("tx", "commit"):
                    applied.append("tx=commit")
                default:
                    continue
                }
            }
        }
    }
}
