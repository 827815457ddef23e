import Foundation

extension TriageModel {
    /// The model shipped with FloWorx, decoded once per process (about 20 ms) and shared by every analyzer.
    public static func bundled() throws -> TriageModel {
        try bundledOnce.get()
    }

    private static let bundledOnce: Result<TriageModel, any Error> = Result {
        guard let url = bundledModelURL else {
            throw FormatError(description: "the triage model resource triage-model.json is missing from the FloWorxCore bundle")
        }
        return try TriageModel(jsonData: Data(contentsOf: url))
    }
}
