/// The libFuzzer entry point: runs the target named by `FLOWORX_FUZZ_TARGET` on one input.
///
/// libFuzzer calls this once per input. A target returns normally when the code under test either refused the input
/// with its typed error or accepted it and every invariant held; anything else (a trap, an overflow, a sanitizer
/// report, a broken invariant) aborts, and libFuzzer writes the input out as a reproducer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}
