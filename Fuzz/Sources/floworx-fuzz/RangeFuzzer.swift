import FloWorxServer
import FloWorxStore
import HTTPTypes
import Hummingbird

/// The data API's `Range` header (`0-24`, `items=10-`).
///
/// Invariants: the header is either refused with a 416 `RestQueryError` or read; a read range starts at 0 or later,
/// asks for at least one row, and its last row `offset + limit - 1` is a representable integer (no overflow).
enum RangeFuzzer {
    static func run(_ bytes: [UInt8]) {
        var headers = HTTPFields()
        headers[.range] = String(decoding: bytes, as: UTF8.self)
        let range: RangeHeader?
        do {
            range = try RangeHeader(FuzzRequest.make(headers: headers))
        } catch {
            return refused(error)
        }
        guard let range else { return invariant(false, "a Range header was sent but not read") }
        invariant(range.offset >= 0, "negative offset \(range.offset)")
        if let limit = range.limit {
            invariant(limit >= 1, "a range of \(limit) rows")
            invariant(!range.offset.addingReportingOverflow(limit - 1).overflow, "the range end overflows: offset \(range.offset), limit \(limit)")
        }
    }

    /// A refused range is the data API's 416 (`PGRST103`).
    static func refused(_ error: any Error) {
        guard let error = error as? RestQueryError else { return invariant(false, "unexpected error type \(type(of: error))") }
        invariant(error.status == 416, "a refused range answered \(error.status), not 416")
    }
}
