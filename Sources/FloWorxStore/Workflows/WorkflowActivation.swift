/// What an activation or a rollback came to.
public enum WorkflowActivation: Sendable, Hashable {
    /// The version is now the active one (it may already have been).
    case activated(WorkflowVersion)
    /// The business has no such version.
    case notFound
    /// A rollback to a version that is not older than the active one.
    case notEarlier(active: Int)
}
