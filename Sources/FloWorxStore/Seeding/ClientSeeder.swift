import FloWorxCore
import Foundation
import PostgresNIO

/// Creates a client from a `ClientSetup`: its auth user (which creates the profile), the profile's JSON,
/// business hours, active communication style and escalation rules. Every document goes through the database's
/// JSON validation like any other write.
public struct ClientSeeder: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Creates the client and returns its id. `passwordHash` is a bcrypt hash, or `nil` for a user who cannot sign in.
    public func create(email: String, passwordHash: String?, setup: ClientSetup, id: UUID = UUID()) async throws -> UUID {
        let encoder = JSONCoding.encoder()
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let config = try json(setup.clientConfig)
        let managers = try json(setup.managers)
        let suppliers = try json(setup.suppliers)
        let hours = try setup.businessHours.map { try json($0.hours) }
        let styleJSON = try setup.communicationStyle.map { style in
            (try json(style.personalityTraits), try json(style.signaturePhrases), try json(style.responsePatterns))
        }
        let rules = try setup.escalationRules.map { ($0, try json($0.conditions), try json($0.actions)) }
        return try await database.transaction { connection in
            try await connection.query("""
                INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
                VALUES (\(id), 'authenticated', 'authenticated', \(email), \(passwordHash), now(),
                        '{"provider": "email", "providers": ["email"]}'::jsonb, '{}'::jsonb)
                """)
            try await connection.query("""
                UPDATE public.profiles SET client_config = \(config)::jsonb, managers = \(managers)::jsonb, suppliers = \(suppliers)::jsonb
                WHERE id = \(id)
                """)
            if let hours, let zone = setup.businessHours?.timezone {
                try await connection.query("INSERT INTO public.business_hours (client_id, hours, timezone) VALUES (\(id), \(hours)::jsonb, \(zone))")
            }
            if let style = setup.communicationStyle, let (traits, phrases, patterns) = styleJSON {
                try await connection.query("""
                    INSERT INTO public.communication_styles (client_id, name, tone, formality, personality_traits, signature_phrases, response_patterns, is_active)
                    VALUES (\(id), \(style.name), \(style.tone), \(style.formality), \(traits)::jsonb, \(phrases)::jsonb, \(patterns)::jsonb, true)
                    """)
            }
            for (rule, conditions, actions) in rules {
                try await connection.query("""
                    INSERT INTO public.escalation_rules (client_id, name, conditions, actions, priority, is_active)
                    VALUES (\(id), \(rule.name), \(conditions)::jsonb, \(actions)::jsonb, \(rule.priority), \(rule.isActive))
                    """)
            }
            return id
        }
    }
}
