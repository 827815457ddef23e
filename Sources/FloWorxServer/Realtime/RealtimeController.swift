import Hummingbird

/// Answers requests to the Realtime path that were not upgraded to a WebSocket: why not (no or bad `apikey`, an
/// unsupported `vsn`), or 426 when all is well but the request was not an upgrade.
struct RealtimeController: Sendable {
    let tokens: TokenService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(RouterPath(RealtimeServer.path)) { request, _ -> Response in
            let checked = await RealtimeServer.refusal(path: request.uri.description, tokens: tokens)
            let status: HTTPResponse.Status = checked.apiKey == nil ? checked.status : .upgradeRequired
            let message = checked.apiKey == nil ? checked.message : "Realtime speaks WebSocket: send an Upgrade request"
            let body = #"{"message":"# + PhoenixMessage.quoted(message) + "}"
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}
