import Foundation
import Testing

/// The `quire` executable copied alone into an empty folder builds a Docusaurus project from the
/// project's own folder: no Quire checkout, no templates folder, an empty home. The theme comes
/// from the binary; title, sidebars, navbar and footer from the project's own files.
@Suite struct InstalledBinaryTests {
    static let projects = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../QuireSiteTests/Fixtures/docusaurus").standardized

    struct Sandbox {
        let root: URL
        var bin: URL { root.appendingPathComponent("bin/quire") }
        var home: URL { root.appendingPathComponent("home") }

        /// An empty folder with `bin/quire` (the built binary, copied) and an empty `home/`.
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("quire-installed-\(UUID().uuidString)")
            let fm = FileManager.default
            try fm.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
            try fm.copyItem(at: CLITests.binary(), to: bin)
        }

        func project(_ name: String) throws -> URL {
            let dest = root.appendingPathComponent(name)
            try FileManager.default.copyItem(at: InstalledBinaryTests.projects.appendingPathComponent(name), to: dest)
            return dest
        }

        /// Runs the copied binary in `cwd` with a bare environment (no QUIRE_*, HOME in the sandbox).
        func run(_ args: [String], in cwd: URL) throws -> CLITests.Run {
            let p = Process()
            p.executableURL = bin
            p.arguments = args
            p.currentDirectoryURL = cwd
            p.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "TMPDIR": root.path]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return CLITests.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func buildsAProjectFromItsOwnFolderWithTheBinaryAlone() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let book = try box.project("js-project")
        let r = try box.run(["build", "--content", ".", "--out", "site", "--no-index"], in: book)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Built 9 pages"), "\(r.stdout)")
        let intro = try String(contentsOf: book.appendingPathComponent("site/docs/intro/index.html"), encoding: .utf8)
        #expect(intro.contains("<title>Introduction | Robots in Practice</title>"))
        #expect(intro.contains("<a class=\"navbar-link\" href=\"/robots/docs/intro\">Guide</a>"))
        #expect(intro.contains("category-link active") == false)
        #expect(intro.contains(">Setting up</a>"))
        #expect(intro.contains("Robots Inc."))
        // The theme's stylesheet came out of the binary.
        let assets = try FileManager.default.contentsOfDirectory(atPath: book.appendingPathComponent("site/assets").path)
        #expect(assets.contains { $0.hasPrefix("quire.") && $0.hasSuffix(".css") })
        #expect(FileManager.default.fileExists(atPath: book.appendingPathComponent("site/img/logo.svg").path))
        // Nothing was read from or written to the working directory but the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: book.path).sorted() == ["docs", "docusaurus.config.js", "sidebars.js", "site", "static"])
    }

    @Test func quireYMLInTheProjectOverridesTheConfigAndTheWorkingDirectorysDoesNot() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let book = try box.project("js-project")
        // A quire.yml in the working directory is not the project's: ignored when --content points elsewhere.
        try "title: Not this one\n".write(to: box.root.appendingPathComponent("quire.yml"), atomically: true, encoding: .utf8)
        var r = try box.run(["build", "--content", "js-project", "--out", "out1", "--no-index"], in: box.root)
        #expect(r.status == 0, "\(r.stderr)")
        var page = try String(contentsOf: box.root.appendingPathComponent("out1/docs/intro/index.html"), encoding: .utf8)
        #expect(page.contains("| Robots in Practice</title>"))
        // The project's own quire.yml overrides field by field.
        try "title: Robots, local edition\n".write(to: book.appendingPathComponent("quire.yml"), atomically: true, encoding: .utf8)
        r = try box.run(["build", "--content", "js-project", "--out", "out2", "--no-index"], in: box.root)
        #expect(r.status == 0, "\(r.stderr)")
        page = try String(contentsOf: box.root.appendingPathComponent("out2/docs/intro/index.html"), encoding: .utf8)
        #expect(page.contains("| Robots, local edition</title>"))
        #expect(page.contains("<a class=\"navbar-link\" href=\"/robots/docs/intro\">Guide</a>"))  // the rest of docusaurus.config.js
    }

    @Test func unknownSidebarIDFailsWithFileAndLineAndKeepsNoOutput() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let book = try box.project("missing-id")
        let r = try box.run(["build", "--content", ".", "--out", "site", "--no-index"], in: book)
        #expect(r.status == 1)
        #expect(r.stderr.contains("sidebars.js:7: sidebar 'tutorialSidebar' lists doc id 'guide/instal', which does not exist; ids that exist: guide/install"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: book.appendingPathComponent("site").path))
    }

    @Test func unreadableConfigValuesAreNamedWithTheirLine() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let book = try box.project("ts-project")
        let r = try box.run(["build", "--content", ".", "--out", "site", "--no-index"], in: book)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("docusaurus.config.ts:17: warning: 'editUrl' is a function"), "\(r.stderr)")
        #expect(r.stderr.contains("sidebars.ts:7: warning:"), "\(r.stderr)")
    }
}
