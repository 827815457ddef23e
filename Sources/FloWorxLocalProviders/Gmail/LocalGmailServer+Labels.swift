import Foundation

/// `users.labels.*`: names unique without regard to case (409 "Label name exists or conflicts").
extension LocalGmailServer {

    func labelsList(_ call: Call) -> LocalHTTPResponse {
        guard let mailbox = mailboxes[call.email] else { return GmailAPIError.notFound.response }
        let labels = mailbox.labelOrder.compactMap { mailbox.labels[$0] }.map { GmailRender.label($0, counts: nil) }
        return (try? GmailRender.json(["labels": labels])) ?? .empty(500)
    }

    func labelsGet(_ call: Call) throws -> LocalHTTPResponse {
        let mailbox = try box(call)
        guard let label = mailbox.labels[call.parts[1]] else { throw GmailAPIError.notFound }
        return try GmailRender.json(GmailRender.label(label, counts: mailbox))
    }

    static let labelFields = [
        "color", "id", "labelListVisibility", "messageListVisibility", "messagesTotal", "messagesUnread", "name",
        "threadsTotal", "threadsUnread", "type",
    ]

    func labelsCreate(_ call: Call) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: Self.labelFields, at: "label")
        guard let name = (body["name"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw GmailAPIError.invalidArgument("Invalid label name")
        }
        var mailbox = try box(call)
        if GmailMailbox.systemLabels.contains(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            throw GmailAPIError.invalidArgument("Invalid label name")
        }
        if mailbox.userLabel(named: name) != nil { throw GmailAPIError.labelExists }
        let id = "Label_\(mailbox.nextUserLabel)"
        mailbox.nextUserLabel += 1
        var label = GmailMailbox.Label(
            id: id, name: name, type: "user", messageListVisibility: "show", labelListVisibility: "labelShow")
        try applyLabelFields(body, to: &label)
        mailbox.labels[id] = label
        mailbox.labelOrder.append(id)
        mailboxes[call.email] = mailbox
        return try GmailRender.json(GmailRender.label(label, counts: nil))
    }

    func labelsUpdate(_ call: Call, patch: Bool) throws -> LocalHTTPResponse {
        let body = try GmailRender.object(call.request.body, allowed: Self.labelFields, at: "label")
        var mailbox = try box(call)
        guard var label = mailbox.labels[call.parts[1]] else { throw GmailAPIError.notFound }
        guard label.type == "user" else { throw GmailAPIError.invalidArgument("Invalid label: \(label.id)") }
        if let name = body["name"] as? String {
            if let other = mailbox.userLabel(named: name), other.id != label.id { throw GmailAPIError.labelExists }
            label.name = name
        } else if !patch {
            throw GmailAPIError.invalidArgument("Invalid label name")
        }
        try applyLabelFields(body, to: &label)
        mailbox.labels[label.id] = label
        mailboxes[call.email] = mailbox
        return try GmailRender.json(GmailRender.label(label, counts: nil))
    }

    func applyLabelFields(_ body: [String: Any], to label: inout GmailMailbox.Label) throws {
        if let value = body["messageListVisibility"] {
            guard let text = value as? String, ["show", "hide"].contains(text) else {
                throw GmailAPIError.invalidArgument("Invalid value at 'label.message_list_visibility'")
            }
            label.messageListVisibility = text
        }
        if let value = body["labelListVisibility"] {
            guard let text = value as? String, ["labelShow", "labelShowIfUnread", "labelHide"].contains(text) else {
                throw GmailAPIError.invalidArgument("Invalid value at 'label.label_list_visibility'")
            }
            label.labelListVisibility = text
        }
        if let value = body["color"] {
            guard let color = value as? [String: Any], let text = color["textColor"] as? String,
                let background = color["backgroundColor"] as? String, color.count == 2
            else { throw GmailAPIError.invalidArgument("Invalid value at 'label.color'") }
            label.color = ["textColor": text, "backgroundColor": background]
        }
    }

    func labelsDelete(_ call: Call) throws -> LocalHTTPResponse {
        var mailbox = try box(call)
        guard let label = mailbox.labels[call.parts[1]] else { throw GmailAPIError.notFound }
        guard label.type == "user" else { throw GmailAPIError.invalidArgument("Invalid delete request") }
        removeLabel(label.id, from: &mailbox)
        mailboxes[call.email] = mailbox
        return .empty(204)
    }
}
