import ArgumentParser
import Foundation
import QuireBook
import QuireSite
import QuireSupport

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the static site and the index.",
        discussion: "Writes into a staging folder and replaces --out only when everything succeeded.")

    @Option(help: "Docs root in Docusaurus layout (a folder with a docs/ subfolder works too).") var content = "content"
    @Option(help: "Output directory.") var out = "dist"
    @Option(help: "Site settings (YAML); optional.") var config = "quire.yml"
    @Option(help: "Model directory (default $QUIRE_MODEL_DIR or models/all-MiniLM-L6-v2).") var model: String?
    @Option(help: "Templates folder (default $QUIRE_TEMPLATES or ./templates).") var templates: String?
    @Option(help: "Broken links: error or warn.") var links: LinkPolicy = .error
    @Flag(name: .customLong("no-index"), help: "Build the site only: no chunking or embedding.") var noIndex = false
    @Flag(help: "Include draft pages.") var drafts = false

    func run() async throws {
        let start = Date()
        let tty = isatty(STDERR_FILENO) != 0
        do {
            let configURL = URL(fileURLWithPath: config)
            let settings: SiteConfig
            if FileManager.default.fileExists(atPath: configURL.path) {
                settings = try SiteConfig.load(from: configURL)
            } else if config != "quire.yml" {
                throw QuireError("config", "settings file not found", file: config)
            } else {
                settings = SiteConfig()
            }
            var root = URL(fileURLWithPath: content)
            let nested = root.appendingPathComponent("docs")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: nested.path, isDirectory: &isDir), isDir.boolValue {
                root = nested
            }
            var loader = BookLoader(config: settings)
            loader.includeDrafts = drafts
            let book = try loader.load(root: root)

            let output = try OutputDirectory(URL(fileURLWithPath: out))
            do {
                var options = SiteBuildOptions(templates: templates.map { URL(fileURLWithPath: $0) } ?? SiteBuildOptions.defaultTemplates())
                options.links = links
                if tty {
                    options.progress = { done, total in
                        if done == total || done % 25 == 0 {
                            FileHandle.standardError.write(Data("\rrendering \(done)/\(total) pages".utf8))
                        }
                    }
                }
                let result = try SiteBuilder(book: book, options: options).build(into: output.staging)
                if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                for w in result.warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
                var indexNote = ""
                if !noIndex {
                    indexNote = try IndexStep.run(result: result, output: output, previous: URL(fileURLWithPath: out), model: model, tty: tty)
                }
                try output.commit()
                let secs = Date().timeIntervalSince(start)
                print("Built \(book.pages.count) pages (\(result.htmlFiles) HTML files)\(indexNote), \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s") in \(String(format: "%.2f", secs)) s → \(out)")
            } catch {
                output.discard()
                throw error
            }
        } catch {
            if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            throw fail(error)
        }
    }
}

extension LinkPolicy: ExpressibleByArgument {}
