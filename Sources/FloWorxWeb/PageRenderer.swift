import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the Mustache templates shipped as resources (`Templates/*.mustache`). Every page template includes the
/// `head` and `foot` partials, the layout. `{{ }}` escapes HTML; `{{{ }}}` is used only for SVG the app draws itself.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template of the bundle.
    init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WebSetupError("the web templates are missing from the FloWorxWeb bundle")
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
    }

    /// One page: `template` with `data`, plus what the layout needs.
    func page(
        _ template: String, title: String, data: [String: Any] = [:], session: WebSession?, csrf: String,
        status: HTTPResponse.Status = .ok, navigation: String? = nil
    ) -> Response {
        var context = data
        context["title"] = title
        context["csrf"] = csrf
        context["signedIn"] = session != nil
        context["email"] = session?.email ?? ""
        if let navigation { context["nav_\(navigation)"] = true }
        let html = library.render(context, withTemplate: template) ?? "<!doctype html><title>FloWorx</title><p>The page \(template) is missing.</p>"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The web app cannot start (its resources are missing).
struct WebSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
