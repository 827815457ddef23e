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

    /// Reads `Label: value` lines from the first 4,000 characters of `text`.
    init(_ text: String) {
        for line in text.prefix(4000).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let rawLabel = line[..<colon]
            guard rawLabel.count <= 30 else { continue }
            let label = PhraseText.words(rawLabel).joined(separator: " ")
            let value = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "*_\"")))
            guard !label.isEmpty, !value.isEmpty else { continue }
            if Self.firstNameLabels.contains(label) {
                count += 1
                if firstName == nil { firstName = value }
            } else if Self.nameLabels.contains(label) {
                count += 1
                if name == nil { name = value }
            } else if Self.emailLabels.contains(label) {
                count += 1
                if email == nil, let address = Self.address(in: value) { email = address }
            } else if Self.otherLabels.contains(label) {
                count += 1
            }
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
