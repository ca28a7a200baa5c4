import Foundation
import QuireSupport

/// The site's own CSS/JS (from `templates/assets/`) and the vendored highlight.js and KaTeX
/// (from Debian's libjs-highlight.js and libjs-katex), written with content hashes in their names.
struct AssetPipeline: Sendable {
    /// URL of each asset by logical name (`quire.css`, `quire.js`, `mermaid-loader.js`, `highlight.js`,
    /// `katex.js`, `katex.css`, `mermaid.js`).
    private(set) var urls: [String: String] = [:]
    private var files: [(path: String, data: Data)] = []
    private var diagramRenderer: (path: String, data: Data)?

    init(templates: URL, vendor: URL, baseUrl: String) throws {
        let assetDir = templates.appendingPathComponent("assets")
        let own = (try? FileManager.default.contentsOfDirectory(atPath: assetDir.path)) ?? []
        for name in own.sorted() where !name.hasPrefix(".") && name != Self.scriptPartsFolder {
            guard let data = FileManager.default.contents(atPath: assetDir.appendingPathComponent(name).path) else { continue }
            add(name: name, folder: "assets", data: data, baseUrl: baseUrl)
        }
        if let script = Self.bundledScript(assetDir.appendingPathComponent(Self.scriptPartsFolder)) {
            add(name: "quire.js", folder: "assets", data: script, baseUrl: baseUrl)
        }
        let hl = vendor.appendingPathComponent("highlight.js/highlight.min.js")
        if let data = FileManager.default.contents(atPath: hl.path) {
            add(name: "highlight.js", folder: "assets/vendor", data: data, baseUrl: baseUrl)
        }
        if let mermaid = Self.mermaidScript(templates: templates), let data = FileManager.default.contents(atPath: mermaid.path) {
            // Written only when a page has a diagram (`writeDiagramRenderer`): 3.5 MB to gzip.
            add(name: "mermaid.js", folder: "assets/vendor", data: data, baseUrl: baseUrl)
            diagramRenderer = files.removeLast()
        }
        let katexDir = vendor.appendingPathComponent("katex")
        if let js = FileManager.default.contents(atPath: katexDir.appendingPathComponent("katex.min.js").path),
           let css = FileManager.default.contents(atPath: katexDir.appendingPathComponent("katex.min.css").path) {
            add(name: "katex.js", folder: "assets/katex", data: js, baseUrl: baseUrl)
            add(name: "katex.css", folder: "assets/katex", data: css, baseUrl: baseUrl)
            let fonts = katexDir.appendingPathComponent("fonts")
            for f in ((try? FileManager.default.contentsOfDirectory(atPath: fonts.path)) ?? []).sorted() where f.hasSuffix(".woff2") || f.hasSuffix(".woff") || f.hasSuffix(".ttf") {
                if let d = FileManager.default.contents(atPath: fonts.appendingPathComponent(f).path) {
                    files.append(("assets/katex/fonts/" + f, d))
                }
            }
        }
    }

    /// mermaid's browser build (third_party/mermaid, fetched by scripts/fetch-mermaid.sh; not
    /// part of the built-in theme: 3.5 MB). The first that exists of
    /// `<templates>/vendor/mermaid/mermaid.js`, `$QUIRE_MERMAID_JS`, beside the installed binary
    /// (`<executable>/../share/quire/templates/vendor/...`, the release archive's layout), and in
    /// a source checkout (`./templates/vendor/...`, or the checkout this binary was built from).
    /// Nil when absent: diagrams then stay readable as their source.
    static func mermaidScript(templates: URL) -> URL? {
        let rel = "vendor/mermaid/mermaid.js"
        var candidates = [templates.appendingPathComponent(rel)]
        if let env = ProcessInfo.processInfo.environment["QUIRE_MERMAID_JS"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/quire/templates/" + rel))
        candidates.append(URL(fileURLWithPath: "templates/" + rel))
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("templates/" + rel))
        return candidates.first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// `templates/assets/js/`: the parts of the site script (site behaviour, analyzer, search
    /// core, results, search UI, Markdown renderer, chat), each readable and testable alone,
    /// bundled in name order into the one hashed `quire.js`.
    static let scriptPartsFolder = "js"

    /// The parts of `folder` (`*.js`, by name) joined into one script, or nil when there are none.
    static func bundledScript(_ folder: URL) -> Data? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".js") && !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else { return nil }
        var out = Data()
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            out.append(Data("/* \(name) */\n".utf8))
            out.append(data)
            if data.last != 0x0A { out.append(0x0A) }
        }
        return out
    }

    private mutating func add(name: String, folder: String, data: Data, baseUrl: String) {
        let hash = String(StableHash.hex(bytes: data).prefix(10))
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let hashed = "\(name[..<dot]).\(hash)\(name[dot...])"
        files.append(("\(folder)/\(hashed)", data))
        urls[name] = "\(baseUrl)\(folder)/\(hashed)"
    }

    func write(with writer: SiteWriter) throws {
        for f in files { try writer.write(f.data, to: f.path) }
    }

    /// Writes mermaid's build (and its `.gz`); called when some page has a diagram. Without the
    /// file, one warning: the diagrams stay readable as their source.
    func writeDiagramRenderer(with writer: SiteWriter) throws -> [Diagnostic] {
        guard let f = diagramRenderer else {
            return [Diagnostic(.warning, "mermaid diagrams will show as source: templates/vendor/mermaid/mermaid.js is missing (run scripts/fetch-mermaid.sh, or set QUIRE_MERMAID_JS)")]
        }
        try writer.write(f.data, to: f.path)
        return []
    }
}
