/// The messages waiting to be written to one socket. The hub and the dispatcher put messages in without waiting;
/// the socket's writer takes them out. A socket whose queue is full (a client that stopped reading) is closed.
final class RealtimeOutbox: Sendable {
    let messages: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init(limit: Int) {
        (messages, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(limit))
    }

    /// Queues a text message.
    func send(_ text: String) {
        if case .dropped = continuation.yield(text) { close() }
    }

    /// Ends the stream: the writer closes the WebSocket once what is queued is written.
    func close() {
        continuation.finish()
    }
}
