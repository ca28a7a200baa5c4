import Foundation
import Testing
import QuireBook
@testable import QuireSite
import QuireSupport

private let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

private func build(_ root: URL, links: LinkPolicy) throws -> (URL, SiteBuildResult) {
    let book = try BookLoader(config: SiteConfig()).load(root: root)
    var options = SiteBuildOptions(templates: repo.appendingPathComponent("templates"))
    options.links = links
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("quire-site-\(UUID())")
    let staging = try OutputDirectory(out)
    let result = try SiteBuilder(book: book, options: options).build(into: staging.staging)
    try staging.commit()
    return (out, result)
}

@Suite struct SiteBuilderTests {
    @Test func brokenLinksAreAllListedWithFileAndLine() throws {
        let e = #expect(throws: QuireErrors.self) { _ = try build(fixtures.appendingPathComponent("links"), links: .error) }
        let lines = e?.errors.map(\.description) ?? []
        #expect(lines.count == 3)
        #expect(lines.contains { $0.hasPrefix("one.md:7: broken link './nope.md'") })
        #expect(lines.contains { $0.hasPrefix("one.md:7: broken link './two.md#gamma'") })
        #expect(lines.contains { $0.hasPrefix("one.md:9: broken link '#zeta'") })
    }

    @Test func warnModeBuildsAndRewritesLinks() throws {
        let (out, result) = try build(fixtures.appendingPathComponent("links"), links: .warn)
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(result.warnings.count == 3)
        let html = try String(contentsOf: out.appendingPathComponent("docs/one/index.html"), encoding: .utf8)
        #expect(html.contains("href=\"/docs/two#beta\""))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sitemap.xml").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("404.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("robots.txt").path))
        let assets = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("assets").path)
        #expect(assets.contains { $0.hasPrefix("quire.") && $0.hasSuffix(".css") })
        #expect(assets.contains { $0.hasSuffix(".css.gz") })
    }

    @Test func failedBuildLeavesPreviousOutputUntouched() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("quire-keep-\(UUID())")
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try OutputDirectory(out)
        try Data("old".utf8).write(to: first.staging.appendingPathComponent("index.html"))
        try first.commit()
        let second = try OutputDirectory(out)
        try Data("new".utf8).write(to: second.staging.appendingPathComponent("index.html"))
        second.discard()  // what the CLI does when a build fails
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "old")
        let parent = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(!parent.contains { $0.contains(out.lastPathComponent + ".quire-staging") })
    }

    @Test func refusesToReplaceAForeignFolder() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("quire-foreign-\(UUID())")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(throws: QuireError.self) { _ = try OutputDirectory(out) }
    }
}
