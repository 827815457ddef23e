/// Twilio's segment count for a body, computed independently of FloWorx's own (`SMSText` in FloWorxCore) so the
/// local server checks the client instead of agreeing with it by construction.
enum LocalTwilioSegments {
    private static let gsm = Set(("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
        + "abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)
    private static let escaped = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Segments billed for `body`: GSM-7 (160, then 153 per part) when every character is in the GSM alphabet,
    /// else UCS-2 (70, then 67 UTF-16 units per part); two-unit characters are not split between parts.
    static func count(_ body: String) -> Int {
        let isGSM = body.unicodeScalars.allSatisfy { gsm.contains($0) || escaped.contains($0) }
        let units = body.unicodeScalars.map { scalar in isGSM ? (escaped.contains(scalar) ? 2 : 1) : scalar.utf16.count }
        let total = units.reduce(0, +)
        if total == 0 { return 1 }
        if total <= (isGSM ? 160 : 70) { return 1 }
        let size = isGSM ? 153 : 67
        var segments = 1, used = 0
        for unit in units {
            if used + unit > size {
                segments += 1
                used = 0
            }
            used += unit
        }
        return segments
    }
}
