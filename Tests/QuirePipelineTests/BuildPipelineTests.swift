import Foundation
import QuireEmbedding
import QuireIndex
import QuirePipeline
import QuireSupport
import Synchronization
import Testing

/// The build pipeline on a small real book (the CLI's `good` fixture), with the hash embedder.
@Suite struct BuildPipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let book = root.appendingPathComponent("Tests/QuireCLITests/Fixtures/good")

    static func options(_ out: URL) -> BuildOptions {
        var o = BuildOptions(content: book, output: out)
        o.settings = .file(book.appendingPathComponent("quire.yml"))
        o.templates = root.appendingPathComponent("templates")
        o.embedder = HashEmbedder()
        return o
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("quire-pipeline-\(UUID().uuidString)/dist")
    }

    @Test func runsTheNamedStepsInOrderAndSwapsTheOutputIn() throws {
        let out = Self.scratch()
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let seen = Mutex<[BuildStepName]>([])
        var options = Self.options(out)
        options.onEvent = { event in if case let .finished(name) = event { seen.withLock { $0.append(name) } } }
        let pipeline = BuildPipeline(options: options)
        #expect(pipeline.steps.map(\.name) == [.loadSettings, .loadBook, .stage, .render, .checkLinks, .writePages, .index, .searchBundle, .swapIn])
        let report = try pipeline.run()
        #expect(seen.withLock { $0 } == pipeline.steps.map(\.name))
        #expect(report.book?.pages.count == 2)
        #expect(report.index?.chunks ?? 0 > 0)
        #expect(report.summary.count == 2 && report.summary[0].hasPrefix("index: "))
        #expect(report.summary[1].hasPrefix("search bundle: "))
        // The static search bundle (docs/search-bundle.md) and the api/ready marker are in the output.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("search-bundle/manifest.json").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("api/ready").path))
        let index = try SearchIndex(contentsOf: out.appendingPathComponent("index.qidx"), expectedModelHash: HashEmbedder().modelHash)
        #expect(index.metadata.pageCount == 2)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".quire-site").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(leftovers == ["dist"], "staging folders left behind: \(leftovers)")
    }

    @Test func noIndexLeavesOutTheIndexStep() throws {
        let out = Self.scratch()
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        var options = Self.options(out)
        options.buildIndex = false
        let pipeline = BuildPipeline(options: options)
        #expect(!pipeline.steps.contains { $0.name == .index })
        let report = try pipeline.run()
        #expect(report.index == nil && report.summary.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.qidx").path))
        #expect(!pipeline.steps.contains { $0.name == .searchBundle })
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("search-bundle").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("api/ready").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }

    /// A step added by `insert(_:after:)` runs in place, sees what earlier steps made, and when
    /// it fails the previous output stays and no staging folder is left.
    @Test func anAddedStepRunsInPlaceAndItsFailureKeepsThePreviousOutput() throws {
        let out = Self.scratch()
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        try BuildPipeline(options: Self.options(out)).run()
        let before = try Data(contentsOf: out.appendingPathComponent("index.html"))

        struct Extra: BuildStep {
            let name: BuildStepName = "extra"
            let fail: Bool
            func run(_ context: inout BuildContext) throws {
                let index = try context.require(context.index, .index)
                try AtomicFile.write("\(index.stats.chunks)\n", to: try context.staging.appendingPathComponent("extra.txt"))
                context.summary.append("extra")
                if fail { throw QuireError(.pipeline, "the extra step failed") }
            }
        }
        var pipeline = BuildPipeline(options: Self.options(out))
        pipeline.insert(Extra(fail: false), after: .index)
        #expect(pipeline.steps.map(\.name).suffix(4) == [.index, "extra", .searchBundle, .swapIn])
        let report = try pipeline.run()
        #expect(report.summary.contains("extra"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("extra.txt").path))

        var failing = BuildPipeline(options: Self.options(out))
        failing.insert(Extra(fail: true), after: .index)
        #expect(throws: QuireError.self) { try failing.run() }
        #expect(try Data(contentsOf: out.appendingPathComponent("index.html")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(leftovers == ["dist"], "staging folders left behind: \(leftovers)")
    }

    @Test func aMissingRequiredSettingsFileIsNamed() throws {
        let out = Self.scratch()
        var options = Self.options(out)
        options.settings = .file(URL(fileURLWithPath: "/nonexistent/quire.yml"))
        let error = #expect(throws: QuireError.self) { try BuildPipeline(options: options).run() }
        #expect(error?.file == "/nonexistent/quire.yml" && error?.code == .config)
        #expect(!FileManager.default.fileExists(atPath: out.deletingLastPathComponent().path))
    }
}
