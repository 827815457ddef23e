import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import Testing

/// n8n's OpenAPI description (scripts/n8n-check/openapi.yml) against the local n8n server and FloWorx's exports,
/// with openapi-core (scripts/n8n-check/n8n_check.py). Runs when FLOWORX_N8N_PYTHON names a Python with
/// scripts/n8n-check/n8n-requirements.txt installed (scripts/n8n-check/n8n-check.sh does it).
@Suite struct N8NOpenAPICheckTests {
    static let python = ProcessInfo.processInfo.environment["FLOWORX_N8N_PYTHON"]

    @Test(.enabled(if: python != nil))
    func theLocalServerAndTheExportsFollowN8nsDescription() async throws {
        let python = try #require(Self.python)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/n8n-check/n8n_check.py")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("n8n-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The full step list, the smallest workflow, and one whose name needs escaping.
        let business = UUID()
        let documents = [
            N8NFixture.document(business),
            N8NExport.document(businessId: business, workflowName: "Minimal", version: 1, steps: [.loopGuard], floworxURL: "http://127.0.0.1:8080"),
            N8NExport.document(
                businessId: business, workflowName: "Après-vente / \"VIP\"", version: 7, steps: N8NFixture.steps.reversed(),
                floworxURL: "http://floworx.local"),
        ]
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let file = directory.appendingPathComponent("export-\(index).json")
            try JSONCoding.encoder().encode(document).write(to: file)
            paths.append(file.path)
        }
        let (status, output) = try await N8NFixture.with { server, _ in
            try await LocalGmailOfficialClientTests.run(python, [script.path, try #require(server.baseURL), server.apiKey] + paths)
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("\"ok\": true"), "\(output)")
    }
}
