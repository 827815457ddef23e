/// The features of one message: the sparse vector the model scores, the structural names and facts.
public struct TriageFeatures: Sendable {
    /// Bucket → value: L2-normalised `log(1 + count)` text features plus 1.0 per structural occurrence.
    public var vector: [Int: Double]
    /// The structural feature names (without `f:`), in the reference implementation's order.
    public var structural: [String]
    /// The facts the decision rules read.
    public var facts: TriageFacts
    /// The normalised subject.
    public var normalizedSubject: String
    /// The body tokens after reply stripping and the 400-token cut.
    public var bodyTokens: [String]
    /// For each bucket, the first feature string that landed in it: what a reason names.
    public var featureNames: [Int: String]
}
