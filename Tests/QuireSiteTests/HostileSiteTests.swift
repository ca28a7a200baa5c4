import Foundation
import Testing
import QuireBook
@testable import QuireSite
import QuireSupport

/// The site build with hostile pages: nothing is written outside the output folder, deep
/// nesting fails the build with the page's file and line, front matter warnings reach the report.
@Suite struct HostileSiteTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("quire-\(name)-\(UUID())")
    }

    @Test func siteWriterRefusesPathsOutsideTheSite() throws {
        let parent = Self.temp("writer")
        let root = parent.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let writer = SiteWriter(root: root)
        // What the slug %2e%2e/%2e%2e/x became before the book loader refused it.
        let decoded = SiteWriter.filePath(forURL: "/docs/%2e%2e/%2e%2e/x", baseUrl: "/")
        for path in [decoded, "../victim/index.html", "/tmp/x.html", "a/./b.html", "a/../../b.html", "a\u{0}b.html"] {
            #expect(throws: QuireError.self, "\(path)") { try writer.write("x", to: path) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["site"])
        try writer.write("ok", to: "docs/a/index.html")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/a/index.html").path))
    }

    @Test func staticFolderDoesNotFollowLinksOutside() throws {
        let parent = Self.temp("static")
        let staticDir = parent.appendingPathComponent("static")
        let outside = parent.appendingPathComponent("outside")
        let root = parent.appendingPathComponent("site")
        for d in [staticDir.appendingPathComponent("img"), outside, root] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: parent) }
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try Data("png".utf8).write(to: staticDir.appendingPathComponent("img/logo.png"))
        try FileManager.default.createSymbolicLink(atPath: staticDir.path + "/linked-dir", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: staticDir.path + "/passwd", withDestinationPath: "/etc/passwd")
        try StaticFolder.copy(staticDir, with: SiteWriter(root: root))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("img/logo.png").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("linked-dir/secret.txt").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("passwd").path))
    }

    func build(_ files: [String: String]) throws -> (SiteBuildResult?, QuireErrors?, URL) {
        let content = Self.temp("content")
        for (path, text) in files {
            let url = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        defer { try? FileManager.default.removeItem(at: content) }
        let out = Self.temp("out")
        let book = try BookLoader(config: SiteConfig()).load(root: content)
        let staging = try OutputDirectory(out)
        do {
            let result = try SiteBuilder(book: book, options: SiteBuildOptions(templates: Self.repo.appendingPathComponent("templates"))).build(into: staging.staging)
            try staging.commit()
            return (result, nil, out)
        } catch let e as QuireErrors {
            staging.discard()
            return (nil, e, out)
        }
    }

    @Test func deepNestingFailsTheBuildNamingTheLine() throws {
        let (result, errors, out) = try build([
            "intro.md": "# Intro\n",
            "deep.md": "---\ntitle: Deep\n---\n\ntext\n\n" + String(repeating: "- ", count: 7_000) + "x\n",
        ])
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(result == nil)
        #expect(errors?.errors.map(\.description) == ["deep.md:7: Markdown nested more than 100 levels deep (lists, quotes, emphasis or links inside each other); flatten it"])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func frontMatterWarningsReachTheBuildWarnings() throws {
        let (result, _, out) = try build(["intro.md": "---\ntitle: Intro\nsidebar_positon: 2\n---\n# Intro\n"])
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(result?.warnings.map(\.description) == ["intro.md:3: warning: unknown front matter key 'sidebar_positon' ignored (did you mean 'sidebar_position'?)"])
    }
}
