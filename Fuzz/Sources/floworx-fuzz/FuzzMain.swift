import Foundation

#if FLOWORX_FUZZ
/// libFuzzer's driver (`-sanitize=fuzzer` links it): parses libFuzzer's flags, then calls the callback per input.
@_extern(c, "LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The fuzz build's `main`: hands over to libFuzzer.
///
/// SwiftPM links every executable with `main` aliased to the module's own entry point, so libFuzzer's `main` is never
/// the one that runs (and lld, unlike gold, lets the alias win over it); this entry point starts libFuzzer instead.
@main
enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { fuzzTestOneInput($0, $1) })
    }
}
#else
/// Without libFuzzer (a plain `swift build`), replays saved inputs through a target, so a reproducer can be
/// checked without the fuzz build: `swift run floworx-fuzz <target> <file or directory>...`.
@main
enum FuzzMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            print("usage: floworx-fuzz <\(names)> <file or directory>...")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run(Array(data))
                count += 1
            }
        }
        print("floworx-fuzz: \(count) inputs of \(target.rawValue) passed")
    }

    /// The file itself, or the regular files directly inside a directory, in name order.
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }
}
#endif
