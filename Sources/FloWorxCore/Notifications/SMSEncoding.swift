/// How an SMS body travels: in the GSM 03.38 7-bit default alphabet, or in UCS-2 (UTF-16) when any character is
/// outside it. The encoding decides how many characters fit in a segment.
public enum SMSEncoding: String, Sendable, Hashable, CaseIterable {
    /// GSM 03.38 default alphabet (extension-table characters take two septets).
    case gsm7
    /// UCS-2, counted in UTF-16 code units as carriers and Twilio count it (a character beyond the BMP takes two).
    case ucs2

    /// Units (septets or UTF-16 code units) that fit in a message of one segment.
    public var singleSegmentCapacity: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Units per segment of a concatenated message (the user data header takes the rest).
    public var multipartSegmentCapacity: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}
