/// Misuse of the local Graph server's control surface (an unknown mailbox, message, folder or subscription).
public struct LocalGraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was not found or not allowed.
    public var description: String

    init(_ description: String) { self.description = description }

    static func unknownMailbox(_ email: String) -> LocalGraphError { .init("no mailbox \(email)") }
    static func unknownMessage(_ id: String) -> LocalGraphError { .init("no message \(id)") }
    static func unknownFolder(_ id: String) -> LocalGraphError { .init("no folder \(id)") }
    static func unknownSubscription(_ id: String) -> LocalGraphError { .init("no subscription \(id)") }
}
