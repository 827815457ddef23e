import FloWorxCore
import Foundation
import PostgresNIO

/// Reads and writes a business's settings as its owner (the tenant database path), so row-level security keeps every
/// statement to the owner's own rows; the database's JSON schemas check each document again on write.
///
/// Checking a part before it is written is `OnboardingRepository.validate`'s job (the onboarding API's own checks);
/// a refusal the database still makes (its JSON validation, a plan limit's trigger) is thrown as
/// `OnboardingError.invalid` naming the part's path, never as a failure of the page.
public enum BusinessSettingsRepository {
    /// One part of the settings to write.
    public enum Part: Sendable, Hashable {
        /// `profiles.client_config` as JSON text (the time zone inside it moves the hours' zone: migration 0027).
        case clientConfig(String)
        /// `business_hours.hours` as JSON text.
        case hours(String)
        case managers(String)
        case suppliers(String)
        case style(BusinessSettings.Style)
        case notifications(NotificationSettings)

        /// The part's path in the onboarding document (what a refusal is named by).
        public var path: String {
            switch self {
            case .clientConfig: "client_config"
            case .hours: "business_hours.hours"
            case .managers: "managers"
            case .suppliers: "suppliers"
            case .style: "communication_style"
            case .notifications: "notification_settings"
            }
        }
    }

    /// The signed-in owner's settings; `nil` when the owner has no profile.
    public static func load(on tenant: TenantDatabase) async throws -> BusinessSettings? {
        guard let owner = tenant.identity.userId else { return nil }
        return try await tenant.transaction { connection in
            let rows = try await connection.query("""
                SELECT p.client_config::text, coalesce(p.managers, '[]')::text, coalesce(p.suppliers, '[]')::text,
                       h.hours::text, h.timezone,
                       s.name, s.tone, s.formality, coalesce(s.personality_traits, '[]')::text,
                       coalesce(s.signature_phrases, '[]')::text, coalesce(s.response_patterns, '{}')::text,
                       n.email_notifications, n.sms_notifications, n.push_notifications, n.escalation_alerts
                FROM public.profiles p
                LEFT JOIN public.business_hours h ON h.client_id = p.id
                LEFT JOIN LATERAL (SELECT * FROM public.communication_styles s WHERE s.client_id = p.id AND s.is_active
                                   ORDER BY s.updated_at DESC NULLS LAST LIMIT 1) s ON true
                LEFT JOIN LATERAL (SELECT * FROM public.notification_settings n WHERE n.client_id = p.id
                                   ORDER BY n.created_at LIMIT 1) n ON true
                WHERE p.id = \(owner)
                """).collect()
            guard let row = rows.first else { return nil }
            let (config, managers, suppliers, hours, timezone, name, tone, formality, traits, phrases, patterns, email, sms, push, alerts) = try row.decode(
                (String, String, String, String?, String?, String?, String?, String?, String?, String?, String?, Bool?, Bool?, Bool?, Bool?).self)
            let defaults = NotificationSettings()
            let notifications = NotificationSettings(email: email ?? defaults.email, sms: sms ?? defaults.sms, push: push ?? defaults.push,
                                                     escalationAlerts: alerts ?? defaults.escalationAlerts)
            let style = name.map {
                BusinessSettings.Style(name: $0, tone: tone ?? "professional", formality: formality ?? "formal", traitsJSON: traits ?? "[]",
                                       phrasesJSON: phrases ?? "[]", patternsJSON: patterns ?? "{}")
            }
            return BusinessSettings(clientConfigJSON: config, managersJSON: managers, suppliersJSON: suppliers, hoursJSON: hours,
                                    timezone: timezone, style: style, notifications: notifications)
        }
    }

    /// Writes one part as the owner, in one transaction. Throws `OnboardingError.invalid` naming the part when the
    /// database refuses the value (check violation, invalid data, a trigger's refusal such as a plan limit).
    public static func save(_ part: Part, on tenant: TenantDatabase) async throws {
        guard let owner = tenant.identity.userId else { throw OnboardingError.profileMissing(OnboardingRepository.nobody) }
        do {
            try await tenant.transaction { connection in
                switch part {
                case .clientConfig(let json):
                    _ = try await connection.query("UPDATE public.profiles SET client_config = \(json)::jsonb WHERE id = \(owner)").collect()
                case .managers(let json):
                    _ = try await connection.query("UPDATE public.profiles SET managers = \(json)::jsonb WHERE id = \(owner)").collect()
                case .suppliers(let json):
                    _ = try await connection.query("UPDATE public.profiles SET suppliers = \(json)::jsonb WHERE id = \(owner)").collect()
                case .hours(let json):
                    let updated = try await connection.query("UPDATE public.business_hours SET hours = \(json)::jsonb WHERE client_id = \(owner) RETURNING id").collect()
                    if updated.isEmpty {
                        // The column default UTC takes the config's zone (migration 0027).
                        _ = try await connection.query("INSERT INTO public.business_hours (client_id, hours) VALUES (\(owner), \(json)::jsonb)").collect()
                    }
                case .style(let style):
                    let updated = try await connection.query("""
                        UPDATE public.communication_styles
                        SET name = \(style.name), tone = \(style.tone), formality = \(style.formality), personality_traits = \(style.traitsJSON)::jsonb,
                            signature_phrases = \(style.phrasesJSON)::jsonb, response_patterns = \(style.patternsJSON)::jsonb
                        WHERE client_id = \(owner) AND id = (SELECT id FROM public.communication_styles WHERE client_id = \(owner) AND is_active
                                    ORDER BY updated_at DESC NULLS LAST LIMIT 1)
                        RETURNING id
                        """).collect()
                    if updated.isEmpty {
                        _ = try await connection.query("""
                            INSERT INTO public.communication_styles (client_id, name, tone, formality, personality_traits, signature_phrases, response_patterns, is_active)
                            VALUES (\(owner), \(style.name), \(style.tone), \(style.formality), \(style.traitsJSON)::jsonb, \(style.phrasesJSON)::jsonb,
                                    \(style.patternsJSON)::jsonb, true)
                            """).collect()
                    }
                case .notifications(let settings):
                    // The pipeline reads a business's first row (ProfileRepository): that is the one edited.
                    let updated = try await connection.query("""
                        UPDATE public.notification_settings
                        SET email_notifications = \(settings.email), sms_notifications = \(settings.sms), push_notifications = \(settings.push),
                            escalation_alerts = \(settings.escalationAlerts)
                        WHERE client_id = \(owner) AND id = (SELECT id FROM public.notification_settings WHERE client_id = \(owner) ORDER BY created_at LIMIT 1)
                        RETURNING id
                        """).collect()
                    if updated.isEmpty {
                        _ = try await connection.query("""
                            INSERT INTO public.notification_settings (client_id, email_notifications, sms_notifications, push_notifications, escalation_alerts)
                            VALUES (\(owner), \(settings.email), \(settings.sms), \(settings.push), \(settings.escalationAlerts))
                            """).collect()
                    }
                }
            }
        } catch let error as PSQLError {
            guard let state = error.serverInfo?[.sqlState], Self.isRefusal(state) else { throw error }
            if state == "23514" {
                var problem = OnboardingRepository.problem(checkViolation: error, rule: nil)
                if problem.path == "$" { problem.path = part.path }
                throw OnboardingError.invalid([problem])
            }
            let message = [error.serverInfo?[.message], error.serverInfo?[.hint]].compactMap { $0 }.joined(separator: " ")
            throw OnboardingError.invalid([OnboardingProblem(path: part.path, message: message.isEmpty ? "was refused" : message)])
        }
    }

    /// A refusal of the value (the owner can change it), not a failure: invalid data (22…), a constraint (23…), a
    /// trigger's `RAISE` (P0001), FloWorx's own refusals (`FW4xx`, e.g. a plan's manager limit, FW402), a limit (54000).
    static func isRefusal(_ state: String) -> Bool {
        state.hasPrefix("22") || state.hasPrefix("23") || state.hasPrefix("P0") || state.hasPrefix("FW4") || state == "54000"
    }

    /// The owner's mailboxes (not the disconnected ones), oldest first. Which ones is decided as the owner (row-level
    /// security on `integrations`); their sync state is read by the service for exactly those ids (`floworx` is closed
    /// to the request roles).
    public static func integrations(on tenant: TenantDatabase, service: ServiceDatabase) async throws -> [BusinessSettings.Integration] {
        let business = tenant.business
        let visible = try await tenant.transaction { connection in
            try await connection.query("""
                SELECT id, provider, status FROM public.integrations WHERE client_id = \(business) AND status <> 'revoked' ORDER BY created_at, id
                """).collect().map { try $0.decode((UUID, String, String).self) }
        }
        guard !visible.isEmpty else { return [] }
        let rows = try await service.query("""
            SELECT integration_id, address, paused, last_sync_at, last_error FROM floworx.mailboxes
            WHERE integration_id = ANY(\(visible.map(\.0))::uuid[])
            """)
        var state: [UUID: (String?, Bool, Date?, String?)] = [:]
        for try await (id, address, paused, lastSync, lastError) in rows.decode((UUID, String?, Bool, Date?, String?).self) {
            state[id] = (address, paused, lastSync, lastError)
        }
        return visible.map { id, provider, status in
            let mailbox = state[id]
            return BusinessSettings.Integration(id: id, provider: provider, status: status, address: mailbox?.0, paused: mailbox?.1 ?? false,
                                                lastSyncAt: mailbox?.2, lastError: mailbox?.3)
        }
    }
}
