/// How each fact is typed and which operators and values fit it; shared by the engine, which
/// never lets a misfit leaf match, and by `RuleValidator`, which reports it.
extension RuleLeaf.Fact {
    /// The kind of value a fact holds.
    enum Kind {
        /// A `Category` raw value, compared case-insensitively.
        case category
        /// Free text that may be absent.
        case subcategory
        /// `low < normal < high < critical`.
        case urgency
        /// `negative`, `neutral` or `positive`.
        case sentiment
        case number
        case boolean
        /// Subject, body, sender address or domain: case-insensitive text.
        case text
    }

    var kind: Kind {
        switch self {
        case .category: .category
        case .subcategory: .subcategory
        case .urgency: .urgency
        case .sentiment: .sentiment
        case .confidence, .senderRecentCount, .minutesWithoutReply: .number
        case .senderIsManager, .senderIsSupplier, .senderIsInternal, .afterHours, .escalationCue: .boolean
        case .senderEmail, .senderDomain, .subject, .body: .text
        }
    }

    /// The operators that make sense for this fact.
    var operators: Set<RuleLeaf.Operator> {
        switch kind {
        case .category, .subcategory, .sentiment: [.eq, .neq, .in, .notIn]
        case .urgency, .number: [.eq, .neq, .in, .notIn, .gt, .gte, .lt, .lte]
        case .boolean: [.eq, .neq]
        case .text: [.eq, .neq, .in, .notIn, .contains, .containsAny, .containsAll]
        }
    }
}

/// A leaf's value once checked against its fact and operator, ready to compare.
enum RuleOperand {
    /// Lowercased strings: one for `eq`/`neq`, the list for `in`/`not_in`, keywords for `contains*`.
    case strings([String])
    /// `subcategory eq null` / `neq null`: compares presence.
    case absent
    case numbers([Double])
    case urgencies([Urgency])
    case boolean(Bool)
}

/// Why a leaf can never match: which member of the leaf is at fault, and how.
struct RuleLeafProblem: Error {
    /// `op`, `value`, `value[2]` or `hours`.
    var member: String
    var message: String
}

extension RuleLeaf {
    /// The checked operand, or why this leaf can never match.
    func operand() -> Result<RuleOperand, RuleLeafProblem> {
        guard fact.operators.contains(op) else {
            return .failure(RuleLeafProblem(member: "op", message: "operator \"\(op.rawValue)\" does not apply to \(fact.rawValue)"))
        }
        if fact == .senderRecentCount {
            guard let hours, hours.isFinite, hours > 0 else {
                return .failure(RuleLeafProblem(member: "hours", message: "sender_recent_count needs hours greater than 0"))
            }
        }
        switch op {
        case .eq, .neq, .gt, .gte, .lt, .lte:
            if value == .null, fact.kind == .subcategory, op == .eq || op == .neq { return .success(.absent) }
            return scalars([value], members: ["value"])
        case .in, .notIn:
            guard let list = value.arrayValue else {
                return .failure(RuleLeafProblem(member: "value", message: "value must be a list"))
            }
            return scalars(list, members: list.indices.map { "value[\($0)]" })
        case .contains, .containsAny, .containsAll:
            let list = value.arrayValue ?? [value]
            var keywords: [String] = []
            for (index, element) in list.enumerated() {
                let member = value.arrayValue == nil ? "value" : "value[\(index)]"
                guard let keyword = element.stringValue else {
                    return .failure(RuleLeafProblem(member: member, message: "keywords must be a string or a list of strings"))
                }
                guard !keyword.isEmpty else {
                    return .failure(RuleLeafProblem(member: member, message: "keywords must not be empty"))
                }
                keywords.append(keyword.lowercased())
            }
            guard !keywords.isEmpty else {
                return .failure(RuleLeafProblem(member: "value", message: "keywords must not be empty"))
            }
            return .success(.strings(keywords))
        }
    }

    /// Checks each element against the fact's kind.
    private func scalars(_ values: [JSONValue], members: [String]) -> Result<RuleOperand, RuleLeafProblem> {
        func failure(_ index: Int, _ message: String) -> Result<RuleOperand, RuleLeafProblem> {
            .failure(RuleLeafProblem(member: members[index], message: message))
        }
        switch fact.kind {
        case .number:
            var numbers: [Double] = []
            for (index, value) in values.enumerated() {
                guard let number = value.numberValue, number.isFinite else { return failure(index, "must be a number") }
                numbers.append(number)
            }
            return .success(.numbers(numbers))
        case .boolean:
            guard values.count == 1, let flag = values[0].boolValue else { return failure(0, "must be true or false") }
            return .success(.boolean(flag))
        case .urgency:
            var urgencies: [Urgency] = []
            for (index, value) in values.enumerated() {
                guard let text = value.stringValue else { return failure(index, "must be a string") }
                guard let urgency = Urgency(rawValue: text.lowercased()) else {
                    return failure(index, "unknown urgency \"\(text)\"")
                }
                urgencies.append(urgency)
            }
            return .success(.urgencies(urgencies))
        case .category, .sentiment, .subcategory, .text:
            var strings: [String] = []
            for (index, value) in values.enumerated() {
                guard let text = value.stringValue else { return failure(index, "must be a string") }
                if fact.kind == .category, Category(rawValue: text.uppercased()) == nil {
                    return failure(index, "unknown category \"\(text)\"")
                }
                if fact.kind == .sentiment, Sentiment(rawValue: text.lowercased()) == nil {
                    return failure(index, "unknown sentiment \"\(text)\"")
                }
                strings.append(text.lowercased())
            }
            return .success(.strings(strings))
        }
    }
}
