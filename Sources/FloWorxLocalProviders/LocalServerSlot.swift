import Synchronization

/// The running `LocalHTTPServer` behind a local provider server: started once (a second start returns the same base
/// URL), stopped once. Shared by the servers whose whole HTTP lifecycle is this.
final class LocalServerSlot: Sendable {
    private let server = Mutex<LocalHTTPServer?>(nil)

    /// `http://127.0.0.1:<port>` once started.
    var baseURL: String? {
        server.withLock { $0.map { "http://127.0.0.1:\($0.port)" } }
    }

    /// Starts listening (port 0: ephemeral) unless already running, and returns the base URL.
    func start(host: String, port: Int, maxBodyBytes: Int, label: String, handler: @escaping LocalHTTPServer.Handler) async throws -> String {
        if let baseURL { return baseURL }
        let started = try await LocalHTTPServer.start(host: host, port: port, maxBodyBytes: maxBodyBytes, label: label, handler: handler)
        server.withLock { $0 = started }
        return "http://\(host):\(started.port)"
    }

    /// Stops listening, if running, and waits until the server has shut down.
    func stop() async {
        let running = server.withLock { server -> LocalHTTPServer? in
            defer { server = nil }
            return server
        }
        await running?.stop()
    }
}
