/// An auth email: a link to `/auth/v1/verify` and the same token as a 6-digit code, with GoTrue's default wording.
public struct AuthMail: Sendable, Hashable {
    /// What the mail is for.
    public enum Kind: String, Sendable, Hashable {
        case signup, recovery, magiclink
        case emailChange = "email_change"
    }

    public var kind: Kind
    /// The recipient's address.
    public var to: String
    /// The verification link.
    public var link: String
    /// The 6-digit code.
    public var code: String

    public init(kind: Kind, to: String, link: String, code: String) {
        self.kind = kind
        self.to = to
        self.link = link
        self.code = code
    }

    /// GoTrue's default subjects.
    public var subject: String {
        switch kind {
        case .signup: "Confirm Your Signup"
        case .recovery: "Reset Your Password"
        case .magiclink: "Your Magic Link"
        case .emailChange: "Confirm Email Change"
        }
    }

    /// The plain-text body.
    public var text: String {
        let action = switch kind {
        case .signup: "Follow this link to confirm your user:"
        case .recovery: "Follow this link to reset the password for your user:"
        case .magiclink: "Follow this link to sign in:"
        case .emailChange: "Follow this link to confirm the update of your email to \(to):"
        }
        return "\(action)\n\n\(link)\n\nAlternatively, enter the code: \(code)\n\nIf you did not ask for this, ignore this email.\n"
    }
}
