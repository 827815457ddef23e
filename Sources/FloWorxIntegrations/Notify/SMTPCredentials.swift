/// A user name and password for SMTP AUTH. The password never appears in a description, a log line or an error.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// `username (password hidden)`.
    public var description: String { "\(username) (password hidden)" }
    public var debugDescription: String { description }
}
