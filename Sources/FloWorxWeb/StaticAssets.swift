import FloWorxServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The stylesheet and script of the web app (`Static/`), read once at start and served from memory.
struct StaticAssets: Sendable {
    let files: [String: (type: String, bytes: ByteBuffer)]

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Static", withExtension: nil) else {
            throw WebSetupError("the web app's static files are missing from the FloWorxWeb bundle")
        }
        var files: [String: (type: String, bytes: ByteBuffer)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let type: String
            switch (name as NSString).pathExtension {
            case "css": type = "text/css; charset=utf-8"
            case "js": type = "text/javascript; charset=utf-8"
            case "svg": type = "image/svg+xml"
            default: continue
            }
            files[name] = (type, ByteBuffer(bytes: try Data(contentsOf: folder.appendingPathComponent(name))))
        }
        self.files = files
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("static/:file") { request, context -> Response in
            guard let name = context.parameters.get("file"), let file = files[name] else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "not found")))
            }
            // An hour: a new release's files are picked up soon, and a page view costs no request for them meanwhile.
            return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: file.bytes))
        }
    }
}
