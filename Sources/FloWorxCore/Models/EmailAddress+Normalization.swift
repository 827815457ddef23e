import Foundation

extension EmailAddress {
    /// The one spelling FloWorx stores and compares an address in, so that `Élodie@x.fr` typed precomposed,
    /// decomposed (`E` + U+0301) or in another case is one account:
    ///
    /// 1. Unicode canonical composition (NFC);
    /// 2. Unicode's full lowercase mapping, code point by code point (`İ` → `i̇`, `ẞ` → `ß`, `Ａ` → `ａ`);
    /// 3. final sigma `ς` → `σ`, so the rule does not depend on where a sigma stands (ICU lowers a word-final `Σ` to
    ///    `ς`, Swift to `σ`: folding both to `σ` makes the two agree);
    /// 4. NFC again (lowercasing can decompose).
    ///
    /// PostgreSQL's `floworx.normalize_email(text)` (migration 0024) applies the same rule with
    /// `normalize(…, NFC)` and ICU's `lower(… COLLATE "und-x-icu")`, so lookups, the unique rule and throttling keys
    /// agree between Swift and SQL. Compatibility forms (fullwidth letters, ligatures) are kept: NFKC would merge
    /// addresses that mail servers treat as different.
    public static func normalized(_ address: String) -> String {
        let lowered = address.precomposedStringWithCanonicalMapping.lowercased()
        return lowered.replacingOccurrences(of: "\u{03C2}", with: "\u{03C3}").precomposedStringWithCanonicalMapping
    }
}
