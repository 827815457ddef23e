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
    /// Where a character n-gram came from: the token (in subject-then-body order), its first scalar in the token
    /// padded as `<token>`, and its length in scalars.
    public struct NgramSource: Sendable, Hashable {
        var token: Int
        var start: Int
        var length: Int
    }

    /// For each bucket whose first feature was a word, word pair, subject word or structural feature: its string.
    var names: [Int: String]
    /// For each bucket whose first feature was a character n-gram: where it came from (its string is made on demand).
    var ngramSources: [Int: NgramSource]
    /// The tokens the n-grams were cut from.
    var ngramTokens: [String]

    /// The first feature string that landed in `bucket` (`w:furnace`, `c:<fu`, `f:own_domain`): what a reason names.
    public func featureName(_ bucket: Int) -> String? {
        if let name = names[bucket] { return name }
        guard let source = ngramSources[bucket], ngramTokens.indices.contains(source.token) else { return nil }
        let padded = Array(("<" + ngramTokens[source.token] + ">").unicodeScalars)
        guard source.start >= 0, source.start + source.length <= padded.count else { return nil }
        return "c:" + String(String.UnicodeScalarView(padded[source.start..<(source.start + source.length)]))
    }
}
