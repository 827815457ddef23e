import Foundation

/// The fuzz targets, one per parser that reads untrusted input.
enum FuzzTarget: String, CaseIterable {
    /// The PostgREST query string: filters, `or`/`and` trees, `select`, `order`, `limit`, `offset`.
    case query
    /// The `Range` header of the data API.
    case range
    /// The `Prefer` header of the data API (one header value per input line).
    case prefer
    /// Raw RFC 5322 / MIME messages, as `POST /api/v1/emails` receives them.
    case mime
    /// Normalized JSON ingestion bodies (`POST /api/v1/emails`) and the JSON value decoder.
    case ingestJSON = "ingest-json"
    /// Escalation rule JSON: the validator, the decoders and the engine.
    case rules

    /// The target named by `FLOWORX_FUZZ_TARGET`, read once.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FLOWORX_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("floworx-fuzz: set FLOWORX_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(2)
        }
        return target
    }()

    /// Runs this target on one input; traps when the code under test breaks an invariant.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .query: QueryFuzzer.run(bytes)
        case .range: RangeFuzzer.run(bytes)
        case .prefer: PreferFuzzer.run(bytes)
        case .mime: MIMEFuzzer.run(bytes)
        case .ingestJSON: IngestJSONFuzzer.run(bytes)
        case .rules: RuleFuzzer.run(bytes)
        }
    }
}
