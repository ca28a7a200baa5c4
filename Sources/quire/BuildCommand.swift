import ArgumentParser
import Foundation
import QuirePipeline
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

    var options: BuildOptions {
        var o = BuildOptions(content: URL(fileURLWithPath: content), output: URL(fileURLWithPath: out))
        o.settings = config == "quire.yml" ? .optionalFile(URL(fileURLWithPath: config)) : .file(URL(fileURLWithPath: config))
        if let templates { o.templates = URL(fileURLWithPath: templates) }
        o.links = links
        o.includeDrafts = drafts
        o.buildIndex = !noIndex
        o.modelDirectory = model.map { URL(fileURLWithPath: $0) }
        return o
    }

    func run() async throws {
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
        var options = self.options
        options.onEvent = { event in
            switch event {
            case let .progress(.render, done, total):
                if done == total || done % 25 == 0 { progress.show("rendering \(done)/\(total) pages") }
            case let .progress(.index, done, total):
                progress.show("embedding \(done)/\(total) chunks")
            case .progress:
                break
            case .finished:
                progress.clear()
            case let .warnings(warnings):
                for w in warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
            }
        }
        do {
            let report = try BuildPipeline(options: options).run()
            let pages = report.book?.pages.count ?? 0
            let notes = report.summary.map { ", " + $0 }.joined()
            let w = report.warnings.count
            print("Built \(pages) pages (\(report.htmlFiles) HTML files)\(notes), \(w) warning\(w == 1 ? "" : "s") in \(String(format: "%.2f", report.seconds)) s → \(out)")
        } catch {
            progress.clear()
            throw fail(error)
        }
    }
}

/// A one-line progress display on a terminal's stderr (`\r` + text, cleared when a step ends).
final class ProgressLine: Sendable {
    let enabled: Bool
    private let shown = AtomicFlag()
    init(enabled: Bool) { self.enabled = enabled }

    func show(_ text: String) {
        guard enabled else { return }
        shown.set()
        FileHandle.standardError.write(Data("\r\(text)".utf8))
    }

    func clear() {
        guard enabled, shown.take() else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension LinkPolicy: ExpressibleByArgument {}
