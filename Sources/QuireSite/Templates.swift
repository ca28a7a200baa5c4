import Foundation
import Mustache
import QuireSupport

/// The Mustache templates of the site (`page.mustache` and partials in the folder).
struct Templates: Sendable {
    let library: MustacheLibrary

    init(folder: URL) throws {
        var lib = MustacheLibrary()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard names.contains("page.mustache") else {
            throw QuireError(.templates, "no page.mustache in the templates folder (set --templates or QUIRE_TEMPLATES)", file: folder.path)
        }
        for name in names where name.hasSuffix(".mustache") {
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw QuireError(.templates, "cannot read template", file: url.path)
            }
            do {
                try lib.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw QuireError(.templates, "template does not parse: \(error)", file: url.path)
            }
        }
        library = lib
    }

    func render(_ context: [String: Any]) -> String {
        library.render(context, withTemplate: "page") ?? ""
    }
}
