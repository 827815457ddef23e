import FloWorxCore
import Foundation

/// One saved version of a business's workflow (a `public.workflows` row whose `workflow_data` is a definition).
public struct WorkflowVersion: Sendable, Hashable {
    public var id: UUID
    public var clientId: UUID
    public var name: String
    public var version: Int
    public var isActive: Bool
    /// When it was last activated.
    public var deployedAt: Date?
    public var createdAt: Date
    /// The stored document, as JSON text.
    public var definitionJSON: String
    /// The definition; `nil` when the stored document does not pass `WorkflowValidator` (written around the API:
    /// the database checks the shape but not every rule), in which case the pipeline runs the default.
    public var definition: WorkflowDefinition?
    /// Its running totals.
    public var totals: WorkflowTotals
}
