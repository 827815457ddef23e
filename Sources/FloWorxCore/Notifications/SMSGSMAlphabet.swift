/// The GSM 03.38 default alphabet and its extension table, as the set of Unicode scalars each holds.
public enum SMSGSMAlphabet {
    /// The 127 characters of the basic table (the 128th code, 0x1B, is the escape to the extension table).
    public static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)

    /// The extension table: each is sent as ESC + code, so it takes two septets and is never split across segments.
    public static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Septets a scalar takes in GSM-7 (1 or 2), or `nil` when GSM-7 cannot carry it.
    public static func septets(_ scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }

    /// Whether every character of `text` can be sent in GSM-7.
    public static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { septets($0) != nil }
    }
}
