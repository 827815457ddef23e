/// The structural facts the decision rules read (the `facts` dict of Training/features.py).
public struct TriageFacts: Sendable, Hashable {
    /// From is at the business's own domain and is a manager or not a machine sender.
    public var ownDomain: Bool
    /// From is one of the managers.
    public var manager: Bool
    /// From is at a supplier's domain.
    public var supplier: Bool
    /// Auto-Submitted lower-cased up to the first `;`, or `none`.
    public var autoSubmitted: String
    /// The From local part is a no-reply address.
    public var noreply: Bool
    /// List-Unsubscribe is present.
    public var listUnsubscribe: Bool
    /// Precedence lower-cased and trimmed; empty when absent.
    public var precedence: String
    /// A customer address is in Reply-To (another domain than From) or in the body.
    public var customerInForm: Bool
    /// `en`, `fr` or `es`, by stop words.
    public var language: String
}
