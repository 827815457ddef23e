import FloWorxCore
import Foundation

/// A business's whole setup in one JSON document (the `ClientSetup` shape), checked and ready to be written:
/// `{"client_config", "managers", "suppliers", "business_hours": {"timezone", "hours"}, "communication_style",
/// "escalation_rules": [...]}`.
///
/// The business has one time zone: `client_config.business.timezone` or `business_hours.timezone` (both may be
/// given when they are equal); it is written to both places. `business_hours.timezone` is the one that counts
/// (see migration 0027, which keeps the two equal from then on).
///
/// Checking happens in two steps so that every problem is reported at once: `inspect` (here, no I/O) finds what
/// the JSON schemas do not say (a business is required, one time zone, rule semantics through `RuleValidator`,
/// unknown members) and lists the parts the database's JSON schemas must check (`OnboardingRepository` runs
/// them); `build` then decodes the document, which can no longer fail except on a schema/model mismatch.
public struct OnboardingDocument: Sendable {
    /// The setup as decoded (`communicationStyle` is the style that will be written).
    public var setup: ClientSetup
    /// The business's one IANA time zone.
    public var timezone: String
    /// The communication style: the document's, completed with defaults, or one derived from the industry.
    public var style: CommunicationStyle
    /// Whether `style` came from the document (`false`: derived from the industry).
    public var styleGiven: Bool

    /// The JSON text written to each column, exactly as validated.
    var clientConfigJSON: String
    var managersJSON: String
    var suppliersJSON: String
    var hoursJSON: String
    var styleTraitsJSON: String
    var stylePhrasesJSON: String
    var stylePatternsJSON: String
    var rules: [Rule]

    /// One `escalation_rules` row to insert.
    struct Rule: Sendable {
        var name: String
        var priority: Int
        var isActive: Bool
        var conditionsJSON: String
        var actionsJSON: String
    }

    /// The largest document accepted, in bytes: a full setup is a few kilobytes.
    public static let maximumBytes = 1 << 20

    /// The top-level members of the document.
    static let members = ["business_hours", "client_config", "communication_style", "escalation_rules", "managers", "suppliers"]

    /// A part of the document that a JSON schema of `floworx.json_schemas` checks.
    struct SchemaPart: Sendable {
        /// The schema's name (`client_config`, `managers`, …).
        var schema: String
        /// The subschema (`#` for the whole schema).
        var ref: String
        /// The part's path in the document, which the database's error paths start with.
        var path: String
        /// The part as JSON text.
        var json: String
    }

    /// What `inspect` found: the document (when it is a JSON object), problems so far, and the parts left for
    /// the database's JSON schemas.
    struct Inspection: Sendable {
        var root: [String: JSONValue]?
        var problems: [OnboardingProblem] = []
        var parts: [SchemaPart] = []
        /// Where the time zone was given, in document order (`client_config` first).
        var zones: [(path: String, value: String)] = []
    }

    /// The checks that need no database. Every problem is collected; nothing stops at the first.
    static func inspect(_ data: Data) -> Inspection {
        var result = Inspection(root: nil)
        func problem(_ path: String, _ message: String) { result.problems.append(OnboardingProblem(path: path, message: message)) }
        func part(_ schema: String, _ path: String, _ value: JSONValue, ref: String = "#") {
            result.parts.append(SchemaPart(schema: schema, ref: ref, path: path, json: Self.text(value)))
        }

        guard let json = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            problem("$", "is not valid JSON")
            return result
        }
        guard case .object(let root) = json else {
            problem("$", "must be a JSON object with client_config, business_hours, managers, suppliers, communication_style and escalation_rules")
            return result
        }
        result.root = root
        unknownMembers(root, allowed: members, path: nil, into: &result.problems)

        // client_config, with the business, which onboarding requires (the schema allows {} for an unconfigured profile).
        if let config = root["client_config"] {
            part("client_config", "client_config", config)
            if case .object(let members) = config {
                switch members["business"] {
                case nil:
                    problem("client_config.business", "is required: the business's name, type (industry) and time zone")
                case .object(let business)?:
                    if case .string(let zone)? = business["timezone"] { result.zones.append(("client_config.business.timezone", zone)) }
                default:
                    break  // the schema names the type
                }
            }
        } else {
            problem("client_config", "is required: at least {\"business\": {\"name\", \"type\", \"timezone\"}}")
        }
        if let managers = root["managers"] { part("managers", "managers", managers) }
        if let suppliers = root["suppliers"] { part("suppliers", "suppliers", suppliers) }

        if let hours = root["business_hours"] {
            if case .object(let members) = hours {
                unknownMembers(members, allowed: ["hours", "timezone"], path: "business_hours", into: &result.problems)
                switch members["timezone"] {
                case nil: break
                case .string(let zone)?: result.zones.append(("business_hours.timezone", zone))
                default: problem("business_hours.timezone", "must be a string: an IANA time zone name such as America/Toronto")
                }
                if let document = members["hours"] { part("business_hours_hours", "business_hours.hours", document) }
            } else {
                problem("business_hours", "must be an object: {\"timezone\", \"hours\"}")
            }
        }

        // One time zone, known to Foundation (the pipeline reads hours with it) and to PostgreSQL (the schema checks that).
        if let first = result.zones.first {
            for zone in result.zones where TimeZone(identifier: zone.value) == nil {
                problem(zone.path, "unknown time zone \(Self.quoted(zone.value)): use an IANA name such as America/Toronto or Europe/London")
            }
            for zone in result.zones.dropFirst() where zone.value != first.value {
                problem(zone.path, "disagrees with \(first.path) (\(Self.quoted(first.value))): a business has one time zone; give it once, or the same in both places")
            }
        } else if !result.problems.contains(where: { $0.path == "business_hours.timezone" }) {
            problem("client_config.business.timezone", "is required: the business's IANA time zone, e.g. America/Toronto (or give business_hours.timezone)")
        }

        if let style = root["communication_style"] {
            if case .object(let members) = style {
                unknownMembers(members, allowed: ["formality", "name", "personality_traits", "response_patterns", "signature_phrases", "tone"], path: "communication_style", into: &result.problems)
                for name in ["name", "tone", "formality"] {
                    guard let value = members[name] else { continue }
                    if let text = value.stringValue {
                        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                            problem("communication_style.\(name)", "must not be empty")
                        } else if text.count > 100 {
                            problem("communication_style.\(name)", "must be at most 100 characters")
                        }
                    } else {
                        problem("communication_style.\(name)", "must be a string")
                    }
                }
                if let value = members["personality_traits"] {
                    part("communication_style_patterns", "communication_style.personality_traits", value, ref: "#/$defs/personality_traits")
                }
                if let value = members["signature_phrases"] {
                    part("communication_style_patterns", "communication_style.signature_phrases", value, ref: "#/$defs/signature_phrases")
                }
                if let value = members["response_patterns"] {
                    part("communication_style_patterns", "communication_style.response_patterns", value)
                }
            } else {
                problem("communication_style", "must be an object: {\"name\", \"tone\", \"formality\", \"personality_traits\", \"signature_phrases\", \"response_patterns\"}")
            }
        }

        if let rules = root["escalation_rules"] {
            if case .array(let list) = rules {
                var named: [String: Int] = [:]
                for (index, rule) in list.enumerated() {
                    inspectRule(rule, path: "escalation_rules[\(index)]", into: &result)
                    // A rule is known by its name (a document rule named like a safety default edits it).
                    guard let name = rule["name"]?.stringValue else { continue }
                    if let first = named[name] {
                        problem("escalation_rules[\(index)].name", "escalation_rules[\(first)] has this name already; rule names are unique per business")
                    } else {
                        named[name] = index
                    }
                }
            } else {
                problem("escalation_rules", "must be a list of rules")
            }
        }
        return result
    }

    /// One rule: its name, priority and switch here, its conditions and actions through `RuleValidator` (the
    /// semantics: facts, operators, operand types) and the database's schemas (the shapes).
    private static func inspectRule(_ rule: JSONValue, path: String, into result: inout Inspection) {
        func problem(_ member: String, _ message: String) {
            result.problems.append(OnboardingProblem(path: "\(path).\(member)", message: message))
        }
        guard case .object(let members) = rule else {
            result.problems.append(OnboardingProblem(path: path, message: "a rule must be an object: {\"name\", \"priority\", \"is_active\", \"conditions\", \"actions\"}"))
            return
        }
        unknownMembers(members, allowed: ["actions", "conditions", "is_active", "name", "priority"], path: path, into: &result.problems)
        switch members["name"] {
        case nil:
            problem("name", "is required")
        case .string(let name)?:
            if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problem("name", "must not be empty") }
            if name.count > 200 { problem("name", "must be at most 200 characters") }
        default:
            problem("name", "must be a string")
        }
        if let priority = members["priority"] {
            if let number = priority.numberValue, number == number.rounded(), abs(number) <= 1_000_000 {
                // An int4 column; the rule engine orders by it.
            } else {
                problem("priority", "must be a whole number between -1000000 and 1000000")
            }
        }
        if let active = members["is_active"], active.boolValue == nil {
            problem("is_active", "must be true or false")
        }
        let conditions = members["conditions"] ?? .object([:])
        let actions = members["actions"] ?? .array([])
        for found in RuleValidator.validate(conditions: conditions, actions: actions) {
            result.problems.append(OnboardingProblem(path: "\(path).\(found.path)", message: found.message))
        }
        result.parts.append(SchemaPart(schema: "escalation_conditions", ref: "#", path: "\(path).conditions", json: text(conditions)))
        result.parts.append(SchemaPart(schema: "escalation_actions", ref: "#", path: "\(path).actions", json: text(actions)))
    }

    /// Reports members of `object` that are not in `allowed` (a misspelt member would otherwise be ignored).
    private static func unknownMembers(_ object: [String: JSONValue], allowed: [String], path: String?, into problems: inout [OnboardingProblem]) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let at = path.map { "\($0).\(key)" } ?? key
            problems.append(OnboardingProblem(path: at, message: "is not a known member (expected \(allowed.joined(separator: ", ")))"))
        }
    }

    /// The document, once `inspect` and the schemas found nothing: decoded into the model, with the one time
    /// zone written into both places and the style completed.
    static func build(_ inspection: Inspection) throws(OnboardingError) -> OnboardingDocument {
        guard var root = inspection.root, let zone = inspection.zones.first?.value else {
            throw .invalid(inspection.problems)
        }
        // The one time zone, in both places.
        if case .object(var config)? = root["client_config"], case .object(var business)? = config["business"] {
            business["timezone"] = .string(zone)
            config["business"] = .object(business)
            root["client_config"] = .object(config)
        }
        let hours = root["business_hours"]?["hours"] ?? .object([:])
        root["business_hours"] = .object(["timezone": .string(zone), "hours": hours])
        let styleMembers = root["communication_style"]?.objectValue
        root.removeValue(forKey: "communication_style")

        let setup: ClientSetup
        let patterns: ResponsePatterns
        do {
            setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(text(.object(root)).utf8))
            patterns = try JSONCoding.decoder().decode(ResponsePatterns.self, from: Data(text(styleMembers?["response_patterns"] ?? .object([:])).utf8))
        } catch let error as DecodingError {
            throw .invalid([problem(error)])
        } catch {
            throw .invalid([OnboardingProblem(path: "$", message: "cannot be read: \(error)")])
        }
        if let hoursModel = setup.businessHours?.hours.businessHours(timezone: zone) {
            do {
                _ = try hoursModel.validated()
            } catch {
                switch error {
                case .invalidDate(let date): throw .invalid([OnboardingProblem(path: "business_hours.hours", message: "\(quoted(date)) is not a date (YYYY-MM-DD)")])
                case .unknownTimezone(let name): throw .invalid([OnboardingProblem(path: "business_hours.timezone", message: "unknown time zone \(quoted(name))")])
                }
            }
        }

        let industry = setup.clientConfig.business?.type ?? .hvac
        var style = defaultStyle(for: industry)
        if let members = styleMembers {
            if let name = members["name"]?.stringValue { style.name = name }
            if let tone = members["tone"]?.stringValue { style.tone = tone }
            if let formality = members["formality"]?.stringValue { style.formality = formality }
            if let traits = members["personality_traits"]?.arrayValue { style.personalityTraits = traits.compactMap(\.stringValue) }
            if let phrases = members["signature_phrases"]?.arrayValue { style.signaturePhrases = phrases.compactMap(\.stringValue) }
            if members["response_patterns"] != nil { style.responsePatterns = patterns }
        }
        let encoder = JSONCoding.encoder()
        func encoded<T: Encodable>(_ value: T) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        let rules = (root["escalation_rules"]?.arrayValue ?? []).map { rule in
            Rule(
                name: rule["name"]?.stringValue ?? "",
                priority: Int(rule["priority"]?.numberValue ?? 1),
                isActive: rule["is_active"]?.boolValue ?? true,
                conditionsJSON: text(rule["conditions"] ?? .object([:])),
                actionsJSON: text(rule["actions"] ?? .array([]))
            )
        }
        var result = OnboardingDocument(
            setup: setup, timezone: zone, style: style, styleGiven: styleMembers != nil,
            clientConfigJSON: text(root["client_config"] ?? .object([:])),
            managersJSON: text(root["managers"] ?? .array([])),
            suppliersJSON: text(root["suppliers"] ?? .array([])),
            hoursJSON: text(hours),
            styleTraitsJSON: encoded(style.personalityTraits),
            stylePhrasesJSON: encoded(style.signaturePhrases),
            stylePatternsJSON: styleMembers?["response_patterns"].map { text($0) } ?? encoded(style.responsePatterns),
            rules: rules
        )
        result.setup.communicationStyle = style
        return result
    }

    /// A decoding error as a problem at its path (`managers[1].roles[0]`).
    static func problem(_ error: DecodingError) -> OnboardingProblem {
        let (path, message): ([any CodingKey], String)
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            (path, message) = (context.codingPath, context.debugDescription)
        case .keyNotFound(let key, let context):
            (path, message) = (context.codingPath + [key], "is required")
        @unknown default:
            (path, message) = ([], "\(error)")
        }
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return OnboardingProblem(path: text.isEmpty ? "$" : text, message: message)
    }

    /// JSON text of a value (sorted keys, so equal documents are equal text).
    static func text(_ value: JSONValue) -> String {
        (try? JSONCoding.encoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// A string as JSON writes it, so that odd characters stay visible.
    static func quoted(_ value: String) -> String { text(.string(value)) }
}
