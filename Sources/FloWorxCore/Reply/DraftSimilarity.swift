/// How much of FloWorx's draft survived in the reply the owner sent: the draft-quality metric. The ratio of words in
/// common, in order (2 × longest common subsequence / total words, as difflib's ratio), case- and punctuation-blind;
/// 1 means sent as drafted, 0 means rewritten. Quoted history and signatures are cut from the sent text first.
public enum DraftSimilarity {
    /// The most words compared from each text (the LCS table is words × words).
    public static let maxWords = 1_500

    public static func ratio(draft: String, sent: String) -> Double {
        let a = words(draft), b = words(TriageText.stripReply(sent))
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return 2 * Double(previous[b.count]) / Double(a.count + b.count)
    }

    static func words(_ text: String) -> [Substring] {
        let lowered = text.lowercased()
        return Array(lowered.split { !$0.isLetter && !$0.isNumber }.prefix(maxWords))
    }
}
