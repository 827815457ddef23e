import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import FloWorxIntegrations

/// The clients' HTTP exchange: the timeout covers the body, not only the response head.
@Suite("Mail client transport")
struct TransportTests {
    @Test("a server that sends the head and then stalls the body fails as transport within the timeout, not never")
    func stalledBody() async throws {
        let responder = CallbackResponder<BasicRequestContext> { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(contentLength: 1000) { writer in
                try await writer.write(ByteBuffer(string: #"{"emailAddress":"#))
                try await Task.sleep(for: .seconds(3600))
                try await writer.finish(nil)
            })
        }
        var logger = Logger(label: "stalling")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        let gmail = GmailClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: .milliseconds(300)))
        let error = await ClientTestSupport.failure { try await gmail.profile(accessToken: "ya29.t") }
        #expect(error?.kind == .transport && error?.isRetryable == true)
        task.cancel()
        _ = try? await task.value
    }
}
