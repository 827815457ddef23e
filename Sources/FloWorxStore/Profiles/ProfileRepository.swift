import FloWorxCore
import Foundation
import Logging
import PostgresNIO

/// Loads what the pipeline needs to know about clients: profile, active style, business hours and active rules.
public struct ProfileRepository: Sendable {
    let database: ServiceDatabase
    let logger: Logger

    public init(database: ServiceDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Profiles of `clientIds` that exist. A part that does not decode (it should not: the database validates
    /// every shape) is left out and logged rather than failing the whole client.
    public func profiles(_ clientIds: [UUID]) async throws -> [UUID: ClientProfile] {
        guard !clientIds.isEmpty else { return [:] }
        let rows = try await database.query("""
            SELECT p.id, p.client_config::text, coalesce(p.managers, '[]')::text, coalesce(p.suppliers, '[]')::text,
                   (SELECT json_build_object('name', s.name, 'tone', s.tone, 'formality', s.formality,
                           'personality_traits', coalesce(s.personality_traits, '[]'), 'signature_phrases', coalesce(s.signature_phrases, '[]'),
                           'response_patterns', coalesce(s.response_patterns, '{}'))::text
                    FROM public.communication_styles s WHERE s.client_id = p.id AND s.is_active LIMIT 1),
                   (SELECT h.hours::text FROM public.business_hours h WHERE h.client_id = p.id),
                   (SELECT h.timezone FROM public.business_hours h WHERE h.client_id = p.id),
                   (SELECT coalesce(json_agg(json_build_object('id', r.id, 'name', r.name, 'priority', coalesce(r.priority, 1),
                                                               'conditions', r.conditions, 'actions', r.actions)), '[]')::text
                    FROM public.escalation_rules r WHERE r.client_id = p.id AND coalesce(r.is_active, true)),
                   (SELECT json_build_object('email_notifications', n.email_notifications, 'sms_notifications', n.sms_notifications,
                           'push_notifications', n.push_notifications, 'escalation_alerts', n.escalation_alerts)::text
                    FROM public.notification_settings n WHERE n.client_id = p.id ORDER BY n.created_at LIMIT 1)
            FROM public.profiles p WHERE p.id = ANY(\(clientIds)::uuid[])
            """)
        var profiles: [UUID: ClientProfile] = [:]
        for try await (id, config, managers, suppliers, style, hours, timezone, rules, settings) in rows.decode((UUID, String, String, String, String?, String?, String?, String, String?).self) {
            var profile = decode(id: id, config: config, managers: managers, suppliers: suppliers, style: style, hours: hours, timezone: timezone, rules: rules)
            // The seed's column defaults when the business has no row (or a NULL column).
            if let settings { profile.notificationSettings = (try? JSONCoding.decoder().decode(NotificationSettings.self, from: Data(settings.utf8))) ?? NotificationSettings() }
            profiles[id] = profile
        }
        return profiles
    }

    private struct RuleRow: Decodable {
        var id: UUID
        var name: String
        var priority: Int
        var conditions: RuleCondition
        var actions: [RuleAction]
    }

    func decode(id: UUID, config: String, managers: String, suppliers: String, style: String?, hours: String?, timezone: String?, rules: String) -> ClientProfile {
        let decoder = JSONCoding.decoder()
        func part<T: Decodable>(_ type: T.Type, _ text: String?, _ name: String) -> T? {
            guard let text else { return nil }
            do {
                return try decoder.decode(T.self, from: Data(text.utf8))
            } catch {
                logger.error("client data does not decode; ignoring it", metadata: ["client": "\(id)", "part": "\(name)", "error": "\(error)"])
                return nil
            }
        }
        var ruleList: [EscalationRule] = []
        if let rawRules = try? JSONSerialization.jsonObject(with: Data(rules.utf8)) as? [Any] {
            for raw in rawRules {
                let data = (try? JSONSerialization.data(withJSONObject: raw)).map { String(decoding: $0, as: UTF8.self) }
                if let row = part(RuleRow.self, data, "escalation_rule") {
                    ruleList.append(EscalationRule(id: row.id, name: row.name, conditions: row.conditions, actions: row.actions, priority: row.priority))
                }
            }
        }
        let clientConfig = part(ClientConfig.self, config, "client_config") ?? ClientConfig()
        var businessHours = part(BusinessHoursDocument.self, hours, "business_hours")?.businessHours(timezone: timezone ?? "UTC")
        // Holidays may be kept in the profile as well as with the hours: both close the business.
        let known = Set(businessHours?.holidays.map(\.date) ?? [])
        for date in clientConfig.holidays ?? [] where !known.contains(date) {
            businessHours?.holidays.append(BusinessHours.Holiday(date: date))
        }
        return ClientProfile(
            clientId: id,
            config: clientConfig,
            managers: part([Manager].self, managers, "managers") ?? [],
            suppliers: part([Supplier].self, suppliers, "suppliers") ?? [],
            style: part(CommunicationStyle.self, style, "communication_style"),
            hours: businessHours,
            rules: ruleList.sorted { ($0.priority, $1.name) > ($1.priority, $0.name) }
        )
    }

    /// Messages per (client, sender) received in the last `hours` hours, for `sender_recent_count` rules.
    public func senderCounts(_ pairs: [(clientId: UUID, sender: String)], hours: Double) async throws -> [String: Int] {
        guard !pairs.isEmpty else { return [:] }
        let rows = try await database.query("""
            SELECT i.client_id, i.sender, count(l.id)::int
            FROM unnest(\(pairs.map(\.clientId))::uuid[], \(pairs.map { $0.sender.lowercased() })::text[]) AS i(client_id, sender)
            LEFT JOIN public.email_logs l
              ON l.client_id = i.client_id AND lower(l.from_email) = i.sender
             AND l.created_at > now() - make_interval(secs => \(hours * 3600))
            GROUP BY i.client_id, i.sender
            """)
        var counts: [String: Int] = [:]
        for try await (client, sender, count) in rows.decode((UUID, String, Int).self) {
            counts["\(client)|\(sender)"] = count
        }
        return counts
    }
}
