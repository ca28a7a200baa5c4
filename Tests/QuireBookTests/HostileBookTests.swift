import Foundation
import Testing
@testable import QuireBook
import QuireSupport

/// A book is written by contributors: hostile pages (Fixtures/hostile) must give a clear error
/// naming the file and line, never write or read outside the book, hang or eat memory.
@Suite struct HostileBookTests {
    /// A temporary book holding `files` (relative path → contents); removed by the caller.
    static func book(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-hostile-\(UUID())")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func hostile(_ name: String) throws -> String {
        try String(contentsOf: fixture("hostile/" + name), encoding: .utf8)
    }

    /// Loads a book with the hostile fixture as `docs/<as>` beside a normal page.
    static func load(fixture name: String, as path: String = "guide/page.md") throws -> Result<Book, QuireErrors> {
        let dir = try book([path: try hostile(name), "intro.md": "# Intro\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            return .success(try BookLoader(config: SiteConfig()).load(root: dir))
        } catch let e as QuireErrors {
            return .failure(e)
        }
    }

    static func error(fixture name: String, as path: String = "guide/page.md") throws -> QuireError? {
        if case let .failure(e) = try load(fixture: name, as: path) { return e.errors.first }
        return nil
    }

    // MARK: - Slugs that climb out of the output

    @Test(arguments: [
        ("slug-absolute-climb.md", 2), ("slug-percent-dots.md", 3), ("slug-percent-upper.md", 2),
        ("slug-backslash.md", 2), ("slug-nul.md", 2), ("slug-dot-segment.md", 2),
    ])
    func slugThatLeavesTheDocsIsRefused(_ name: String, _ line: Int) throws {
        let e = try #require(try Self.error(fixture: name))
        #expect(e.code == .frontMatter)
        #expect(e.file == "guide/page.md")
        #expect(e.line == line)
        #expect(e.message.hasPrefix("'slug' must not"))
    }

    @Test func fileNamedWithEncodedDotsIsRefused() throws {
        let e = try #require(try Self.error(fixture: "edit-url-ok.md", as: "guide/%2e%2e.md"))
        #expect(e.message.contains("file name"))
        #expect(e.message.contains("encoded"))
    }

    @Test func relativeSlugsStillResolveInsideTheDocs() throws {
        let dir = try Self.book(["a/b/page.md": "---\nslug: ../../../../up\n---\n", "a/b/enc.md": "---\nslug: caf%C3%A9\n---\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try BookLoader(config: SiteConfig()).load(root: dir)
        #expect(Set(book.pages.map(\.url)) == ["/docs/up", "/docs/a/b/caf%C3%A9"])
    }

    @Test func categorySlugThatClimbsIsRefused() throws {
        let dir = try Self.book(["c/_category_.json": try Self.hostile("category-slug-climb.json"), "c/x.md": "x"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        #expect(e.errors.first?.file == "c/_category_.json")
        #expect(e.errors.first?.message.contains("'link.slug' must not contain") == true)
    }

    // MARK: - YAML bombs and limits

    @Test(arguments: [
        ("yaml-billion-laughs.md", "values"), ("yaml-alias-key.md", "values"), ("yaml-many-aliases.md", "aliases"),
        ("yaml-deep-flow.md", "levels deep"), ("yaml-deep-block.md", "levels deep"), ("yaml-too-big.md", "the limit is 64 KB"),
    ])
    func frontMatterOverALimitIsAnError(_ name: String, _ words: String) throws {
        let start = ContinuousClock.now
        let e = try #require(try Self.error(fixture: name))
        #expect(e.code == .frontMatter)
        #expect(e.file == "guide/page.md")
        #expect((e.line ?? 0) >= 2)
        #expect(e.message.hasPrefix("front matter "))
        #expect(e.message.contains(words), "\(e.message)")
        // A bomb that was expanded would take seconds and gigabytes.
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func billionLaughsLineIsTheAliasThatPassesTheLimit() throws {
        let e = try #require(try Self.error(fixture: "yaml-billion-laughs.md"))
        // a0 = 11 values, a1 = 111, a2 = 1,111, a3 = 11,111 > 10,000: line 6 of the file.
        #expect(e.line == 6)
    }

    @Test func settingsFileBombsAreErrorsToo() throws {
        let bomb = try Self.hostile("yaml-billion-laughs.md").split(separator: "\n").dropFirst(2).prefix(while: { $0 != "---" }).joined(separator: "\n")
        let e = try #require(#expect(throws: QuireError.self) { try SiteConfig.parse(bomb, file: "quire.yml") })
        #expect(e.file == "quire.yml")
        #expect(e.message.contains("more than 100000 values"))
        let deep = "title: " + String(repeating: "[", count: 10_000)
        let d = try #require(#expect(throws: QuireError.self) { try SiteConfig.parse(deep, file: "quire.yml") })
        #expect(d.message.contains("levels deep"))
        #expect(d.line == 1)
        let big = "title: \"" + String(repeating: "x", count: 1024 * 1024) + "\"\n"
        let b = try #require(#expect(throws: QuireError.self) { try SiteConfig.parse(big, file: "quire.yml") })
        #expect(b.message.contains("the limit is 1 MB (1,048,576 bytes)"))
    }

    @Test func deeplyNestedCategoryJSONIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 500_000) + String(repeating: "]", count: 500_000)
        let dir = try Self.book(["c/_category_.json": deep, "c/x.md": "x", "d/_category_.json": "{\"label\": " + deep + "}", "d/y.md": "y"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        #expect(e.errors.map(\.file) == ["c/_category_.json", "d/_category_.json"])
    }

    @Test func categoryYAMLBombIsAnError() throws {
        let dir = try Self.book(["c/_category_.yml": try Self.hostile("category-bomb.yml"), "c/x.md": "x"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        #expect(e.errors.first?.file == "c/_category_.yml")
        #expect(e.errors.first?.message.contains("values") == true)
    }

    @Test func plainAnchorsAndAliasesStillWork() throws {
        let fm = try FrontMatter.parse("keywords: &k [a, b]\ntags: *k\nsidebar_custom_props: {<<: {x: 1}}", file: "p.md", firstLine: 2)
        #expect(fm.keywords == ["a", "b"])
        #expect(fm.tags == ["a", "b"])
    }

    @Test func nonFiniteNumbersAreRefused() throws {
        for v in [".nan", ".inf", "-.inf", "1e999", "\"nan\""] {
            let e = try #require(#expect(throws: QuireError.self) { try FrontMatter.parse("sidebar_position: \(v)", file: "p.md", firstLine: 2) })
            #expect(e.message == "'sidebar_position' must be a number", "\(v)")
        }
        let dir = try Self.book(["c/_category_.yml": "position: .nan\n", "c/x.md": "x"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        #expect(e.errors.first?.message == "'position' must be a number")
    }

    // MARK: - Unknown keys, edit URLs

    @Test func unknownFrontMatterKeysAreWarnedAbout() throws {
        guard case let .success(book) = try Self.load(fixture: "unknown-key.md") else { Issue.record("load failed"); return }
        let text = book.warnings.map(\.description)
        #expect(text == [
            "guide/page.md:4: warning: unknown front matter key 'favourite_colour' ignored",
            "guide/page.md:3: warning: unknown front matter key 'sidebar_positon' ignored (did you mean 'sidebar_position'?)",
        ])
    }

    @Test(arguments: ["edit-url-javascript.md", "edit-url-disguised.md", "edit-url-data.md"])
    func scriptEditURLIsRefused(_ name: String) throws {
        let e = try #require(try Self.error(fixture: name))
        #expect(e.line == 3)
        #expect(e.message.hasPrefix("'custom_edit_url' must be an http(s) URL or a relative path"))
    }

    @Test func httpsAndRelativeEditURLsAreKept() throws {
        guard case let .success(book) = try Self.load(fixture: "edit-url-ok.md") else { Issue.record("load failed"); return }
        #expect(book.pages.first { $0.source == "guide/page.md" }?.frontMatter.customEditUrl == .some("https://github.com/o/r/edit/main/docs/x.md"))
        #expect(FrontMatter.isSafeEditURL("../edit/x.md"))
        #expect(FrontMatter.isSafeEditURL("/edit?file=a:b"))
        #expect(!FrontMatter.isSafeEditURL("vbscript:x"))
        #expect(!FrontMatter.isSafeEditURL("java\tscript:x"))
    }

    // MARK: - Symbolic links out of the content folder

    @Test func symlinksOutsideTheRootAreRefused() throws {
        let dir = try Self.book(["intro.md": "# Intro\n", "inside/real.md": "# Real\n", "img/ok.png": "png"])
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("quire-outside-\(UUID())")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: outside) }
        try Data("secret: yes\n".utf8).write(to: outside.appendingPathComponent("secret.md"))
        try Data("host\n".utf8).write(to: outside.appendingPathComponent("hostname"))
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.path + "/passwd.md", withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: dir.path + "/img/host.png", withDestinationPath: outside.path + "/hostname")
        try fm.createSymbolicLink(atPath: dir.path + "/etc", withDestinationPath: "/etc")
        try fm.createSymbolicLink(atPath: dir.path + "/climb.md", withDestinationPath: "../" + outside.lastPathComponent + "/secret.md")
        // Inside the root: followed; a loop back to the root: walked once.
        try fm.createSymbolicLink(atPath: dir.path + "/alias.md", withDestinationPath: "inside/real.md")
        try fm.createSymbolicLink(atPath: dir.path + "/inside/loop", withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: dir.path + "/dangling.png", withDestinationPath: "nowhere.png")
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        let byFile = Dictionary(e.errors.map { ($0.file ?? "", $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byFile.keys) == ["passwd.md", "img/host.png", "etc", "climb.md", "dangling.png"])
        #expect(byFile["passwd.md"]?.contains("points outside the content folder (to /etc/passwd)") == true)
        #expect(byFile["dangling.png"]?.contains("broken") == true)

        for name in ["passwd.md", "img/host.png", "etc", "climb.md", "dangling.png"] { try fm.removeItem(atPath: dir.path + "/" + name) }
        let book = try BookLoader(config: SiteConfig()).load(root: dir)
        #expect(book.pages.map(\.source).sorted() == ["alias.md", "inside/real.md", "intro.md"])
        #expect(book.assets == ["img/ok.png"])
    }

    @Test func specialFilesAreRefused() throws {
        let dir = try Self.book(["intro.md": "# Intro\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.path + "/pipe.md", 0o644) == 0)
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        #expect(e.errors.first?.file == "pipe.md")
        #expect(e.errors.first?.message.contains("not a regular file") == true)
    }

    // MARK: - Messages

    @Test func sizeMessageIsExact() throws {
        let dir = try Self.book(["big.md": String(repeating: "a", count: 6_120_020)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        #expect(e.errors.first?.message == "file is 5.8 MB (6,120,020 bytes); the limit is 5 MB (5,242,880 bytes) per page (split it into several pages)")
        #expect(ByteCount.describe(BookLoader.maxFileSize + 1) == "5 MB (5,242,881 bytes)")
        #expect(ByteCount.describe(999) == "999 bytes")
    }

    @Test func categoryFileHoldingAListSaysWhatItMustBe() throws {
        let dir = try Self.book(["c/_category_.json": try Self.hostile("category-list.json"), "c/x.md": "x"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(#expect(throws: QuireErrors.self) { try BookLoader(config: SiteConfig()).load(root: dir) })
        let message = try #require(e.errors.first?.message)
        #expect(message.hasPrefix("must hold one object of settings"))
        #expect(!message.contains("''"))
        #expect(!message.contains("Dictionary"))
    }
}
