import ArgumentParser
import QuireEmbedding
import Foundation
import QuirePipeline
import QuireSite
import QuireSupport

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the static site and the index.",
        discussion: "Writes into a staging folder and replaces --out only when everything succeeded.")

    @Option(help: "A Docusaurus project (docusaurus.config.* and docs/), a folder with docs/, or a docs root (default content).") var content: String?
    @Option(help: "Output directory.") var out = "dist"
    @Option(help: "Site settings (YAML) overriding docusaurus.config field by field (default: quire.yml in the content folder).") var config: String?
    @Option(help: "Model directory (default $QUIRE_MODEL_DIR or models/all-MiniLM-L6-v2).") var model: String?
    @Option(help: "Templates folder (default $QUIRE_TEMPLATES, else the theme built into quire).") var templates: String?
    @Option(help: "Broken links: error or warn (default: the config's onBrokenLinks, else error).") var links: LinkPolicy?
    @Flag(name: .customLong("no-index"), help: "Build the site only: no chunking or embedding.") var noIndex = false
    @Flag(help: "Include draft pages.") var drafts = false
    @Option(name: .customLong("reuse-index"), help: ArgumentHelp(
        "Earlier index whose vectors are reused for unchanged chunks (default <out>/index.qidx); one of another model or format version is ignored with a notice.",
        valueName: "file")) var reuseIndex: String?

    @Option(help: ArgumentHelp(
        "How passages are embedded: fp32 (the exact vectors) or int8 (about twice as fast on CPUs with AMX or AVX-512 VNNI; retrieval within 0.005; fp32 elsewhere).",
        valueName: "fp32|int8")) var passagePrecision: QueryPrecision = .fp32

    var options: BuildOptions {
        let contentURL = URL(fileURLWithPath: content ?? "content")
        var o = BuildOptions(content: contentURL, output: URL(fileURLWithPath: out))
        if let config {
            o.settings = .file(URL(fileURLWithPath: config))
        } else {
            // quire.yml of the content folder; the working directory's only when --content was not given.
            let own = contentURL.appendingPathComponent("quire.yml")
            let cwd = URL(fileURLWithPath: "quire.yml")
            o.settings = .optionalFile(content == nil && !FileManager.default.fileExists(atPath: own.path) ? cwd : own)
        }
        if let templates { o.templates = URL(fileURLWithPath: templates) }
        o.links = links
        o.includeDrafts = drafts
        o.buildIndex = !noIndex
        o.modelDirectory = model.map { URL(fileURLWithPath: $0) }
        o.previousIndex = reuseIndex.map { URL(fileURLWithPath: $0) }
        o.passagePrecision = passagePrecision
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
extension QueryPrecision: ExpressibleByArgument {}
