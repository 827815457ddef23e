import Foundation

/// The labelled fields of a website form submission (`Name: Jane Doe`, `Nom : Tremblay`, `Correo: ana@x.com`),
/// in English, French and Spanish: the person's name and email when a relay delivered their message.
struct FormFields {
    /// A first-name field (`First name`, `Prénom`).
    var firstName: String?
    /// A whole-name field (`Name`, `Full name`, `Nom`, `Nombre`).
    var name: String?
    /// An email field that holds an address.
    var email: String?
    /// How many labelled fields were found.
    var count = 0

    static let firstNameLabels: Set<String> = ["first name", "firstname", "given name", "prenom", "nombre de pila", "primer nombre"]
    static let nameLabels: Set<String> = [
        "name", "full name", "your name", "contact name", "customer name", "client name", "nom", "nom complet", "votre nom",
        "nom et prenom", "nombre", "nombre completo", "su nombre", "tu nombre", "nombre y apellido", "nombre y apellidos",
    ]
    static let emailLabels: Set<String> = [
        "email", "e mail", "email address", "your email", "courriel", "adresse courriel", "adresse e mail", "correo",
        "correo electronico", "su correo", "tu correo",
    ]
    /// Other common labels, only counted.
    static let otherLabels: Set<String> = [
        "phone", "telephone", "telefono", "message", "mensaje", "address", "adresse", "direccion", "service", "servicio",
        "subject", "sujet", "asunto", "city", "ville", "ciudad", "last name", "nom de famille", "apellido", "apellidos",
    ]

    /// The longest label read, in UTF-8 bytes (`**Correo electrónico**` fits).
    static let maximumLabelBytes = 40

    /// Reads `Label: value` lines from the first 4,000 bytes of `text`. Lines are found on the UTF-8 bytes and
    /// only a line with a colon near its start is decoded, so a long message costs one pass over its bytes.
    init(_ text: String) {
        let bytes = Array(text.utf8.prefix(4000))
        var start = 0
        while start < bytes.count {
            var end = start
            var colon: Int?
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D {
                if colon == nil, bytes[end] == 0x3A, end - start <= Self.maximumLabelBytes { colon = end }
                end += 1
            }
            if let colon { read(label: bytes[start..<colon], value: bytes[(colon + 1)..<end]) }
            start = end + 1
        }
    }

    private mutating func read(label rawLabel: ArraySlice<UInt8>, value rawValue: ArraySlice<UInt8>) {
        let label = PhraseText.words(String(decoding: rawLabel, as: UTF8.self)).joined(separator: " ")
        guard !label.isEmpty else { return }
        let known = Self.firstNameLabels.contains(label) || Self.nameLabels.contains(label)
            || Self.emailLabels.contains(label) || Self.otherLabels.contains(label)
        guard known else { return }
        let value = String(decoding: rawValue, as: UTF8.self).trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "*_\"")))
        guard !value.isEmpty else { return }
        count += 1
        if Self.firstNameLabels.contains(label) {
            if firstName == nil { firstName = value }
        } else if Self.nameLabels.contains(label) {
            if name == nil { name = value }
        } else if Self.emailLabels.contains(label) {
            if email == nil, let address = Self.address(in: value) { email = address }
        }
    }

    /// The first token that looks like an address (`local@domain.tld`), without brackets or a `mailto:`.
    static func address(in value: String) -> String? {
        for token in value.split(whereSeparator: { $0.isWhitespace || "<>()[],;".contains($0) }) {
            var candidate = Substring(token)
            if candidate.lowercased().hasPrefix("mailto:") { candidate = candidate.dropFirst(7) }
            guard let at = candidate.firstIndex(of: "@"), at != candidate.startIndex else { continue }
            let domain = candidate[candidate.index(after: at)...]
            if domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("@") { return String(candidate) }
        }
        return nil
    }
}
