/// Stops the fuzzer with a message when a property of the code under test does not hold.
///
/// `precondition` would be compiled out of `-Ounchecked` builds and says nothing about which input; this always
/// traps, so libFuzzer records the input as a crash.
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("invariant broken: \(message())", file: file, line: line)
    }
}
