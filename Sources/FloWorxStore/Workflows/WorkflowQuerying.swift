import PostgresNIO

/// A connection the workflow statements run on: a tenant's (the API, under RLS) or the service's (the worker). The
/// statements are written once and scoped by client id either way.
protocol WorkflowQuerying: Sendable {
    func query(_ query: PostgresQuery) async throws -> PostgresRowSequence
}

extension TenantConnection: WorkflowQuerying {}
extension ServiceConnection: WorkflowQuerying {}
