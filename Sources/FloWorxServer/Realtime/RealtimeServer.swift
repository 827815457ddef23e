import FloWorxStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// Supabase Realtime at `/realtime/v1/websocket?apikey=…&vsn=1.0.0`: the WebSocket upgrade and the socket loop.
/// The hub (a service of the application) holds the state.
public struct RealtimeServer: Sendable {
    /// The path clients connect to (`{SUPABASE_URL}/realtime/v1` + `/websocket`).
    public static let path = "/realtime/v1/websocket"
    /// The only protocol version spoken: JSON objects (2.0.0's arrays are refused).
    static let version = "1.0.0"

    let hub: RealtimeHub
    let tokens: TokenService
    let configuration: RealtimeConfiguration

    public init(database: Database, tokens: TokenService, configuration: RealtimeConfiguration, logger: Logger) {
        hub = RealtimeHub(database: database, tokens: tokens, configuration: configuration, logger: logger)
        self.tokens = tokens
        self.configuration = configuration
    }

    /// The service to run with the application: the change feed, the dispatcher and the sweeper.
    public var service: some Service { hub }

    /// What the connection may be upgraded with: the WebSocket settings of Realtime.
    public var webSocketConfiguration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(maxFrameSize: configuration.maxMessageBytes)
    }

    /// Why a request to the path cannot become a socket; `nil` when it can (then `apikey` is the verified key).
    static func refusal(path: String, tokens: TokenService) async -> (status: HTTPResponse.Status, message: String, apiKey: String?) {
        let query = URLComponents(string: path)?.queryItems ?? []
        if let vsn = query.first(where: { $0.name == "vsn" })?.value, vsn != version {
            return (.badRequest, "unsupported protocol version \(vsn): only vsn=\(version) is spoken", nil)
        }
        guard let apiKey = query.first(where: { $0.name == "apikey" })?.value, !apiKey.isEmpty else {
            return (.unauthorized, "apikey query parameter is required", nil)
        }
        do {
            _ = try await tokens.verify(apiKey)
        } catch {
            return (.unauthorized, "Invalid API key: \(error.message)", nil)
        }
        return (.ok, "", apiKey)
    }

    /// The `shouldUpgrade` of the HTTP server: upgrades `GET /realtime/v1/websocket` with a valid `apikey`; every
    /// other request goes on to the router (which answers a refused upgrade with the reason).
    public func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard let path = request.path, path.split(separator: "?", maxSplits: 1).first == Substring(Self.path) else { return .dontUpgrade }
        let checked = await Self.refusal(path: path, tokens: tokens)
        guard let apiKey = checked.apiKey else { return .dontUpgrade }
        let hub = hub
        let configuration = configuration
        return .upgrade([:]) { inbound, outbound, _ in
            let outbox = RealtimeOutbox(limit: configuration.maxPendingMessages)
            let id = await hub.register(outbox: outbox, apiKey: apiKey)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in outbox.messages {
                        do { try await outbound.writeTextMessage(text) } catch { break }
                    }
                    // The queue ended (closed by the hub, or the socket is gone): returning from the handler closes it.
                }
                do {
                    for try await message in inbound.messages(maxSize: configuration.maxMessageBytes) {
                        switch message {
                        case .text(let text): await hub.receive(text, from: id)
                        case .binary: outbox.send(PhoenixMessage.error(topic: "phoenix", ref: nil, reason: "binary messages are not supported (vsn=1.0.0 is JSON text)"))
                        }
                    }
                } catch {
                    // A message over the size limit or a broken connection: the socket ends.
                }
                await hub.unregister(id)
                outbox.close()
            }
        }
    }
}
