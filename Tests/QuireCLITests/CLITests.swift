import Foundation
import Testing

/// End-to-end tests of the `quire` executable: the errors a user can cause give a message naming
/// the file (and line) and exit code 1, usage errors exit 64, and a failed build never touches the
/// previous output. The binary is the one `swift test` just built (or `$QUIRE_BIN`).
@Suite struct CLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static func binary() -> URL {
        if let bin = ProcessInfo.processInfo.environment["QUIRE_BIN"] { return URL(fileURLWithPath: bin) }
        // The test bundle sits beside the products: .build/<triple>/debug/QuirePackageTests.xctest.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("quire").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("quire")
    }

    static func quire(_ args: [String], in cwd: URL? = nil) throws -> Run {
        let p = Process()
        p.executableURL = binary()
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes before waiting so a chatty child cannot block on a full pipe.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A scratch copy of a fixture book (tests may damage it).
    static func copy(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dest = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: dest)
        return dest
    }

    static func build(_ book: URL, out: URL, _ extra: [String] = []) throws -> Run {
        try quire(["build", "--content", book.appendingPathComponent("docs").path, "--out", out.path,
                   "--config", book.appendingPathComponent("quire.yml").path, "--no-index"] + extra)
    }

    static func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.path.dropFirst(dir.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func goodBookBuildsAndEndsWithASummary() throws {
        let book = try Self.copy("good")
        let out = book.deletingLastPathComponent().appendingPathComponent("dist")
        let r = try Self.build(book, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("docs/intro/index.html").path)
                || FileManager.default.fileExists(atPath: out.appendingPathComponent("docs/intro.html").path))
        #expect((r.stdout + r.stderr).contains("2 pages"), "\(r.stdout)\(r.stderr)")
        // No settings at all (an empty file, or /dev/null) means defaults.
        let plain = try Self.quire(["build", "--content", book.appendingPathComponent("docs").path, "--out", out.path,
                                    "--config", "/dev/null", "--no-index"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let missing = try Self.quire(["build", "--content", book.appendingPathComponent("docs").path, "--out", out.path,
                                      "--config", book.appendingPathComponent("nope.yml").path, "--no-index"])
        #expect(missing.status == 1 && missing.stderr.contains("nope.yml"), "\(missing.stderr)")
    }

    @Test func malformedFrontMatterNamesFileAndLineAndKeepsThePreviousOutput() throws {
        let good = try Self.copy("good")
        let out = good.deletingLastPathComponent().appendingPathComponent("dist")
        #expect(try Self.build(good, out: out).status == 0)
        let before = try Self.snapshot(out)
        #expect(!before.isEmpty)

        let bad = Self.fixtures.appendingPathComponent("bad-front-matter")
        let r = try Self.build(bad, out: out)
        #expect(r.status == 1)
        #expect(r.stderr.contains("intro.md:"), "\(r.stderr)")
        #expect(r.stderr.contains("front matter"), "\(r.stderr)")
        #expect(try Self.snapshot(out) == before, "a failed build changed the previous output")
        // No staging folder is left behind next to the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0 != "dist" && $0 != "good" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func duplicateSlugNamesBothFiles() throws {
        let r = try Self.build(Self.fixtures.appendingPathComponent("duplicate-slug"),
                               out: FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-\(UUID().uuidString)"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("a.md") && r.stderr.contains("b.md"), "\(r.stderr)")
        #expect(r.stderr.contains("/same"), "\(r.stderr)")
    }

    @Test func nonUTF8AndOversizedFilesAreRefused() throws {
        let book = try Self.copy("good")
        let out = book.deletingLastPathComponent().appendingPathComponent("dist")
        var bytes = Data("# Latin-1\n\ncaf".utf8)
        bytes.append(0xE9)  // é in Latin-1: not UTF-8
        try bytes.write(to: book.appendingPathComponent("docs/latin1.md"))
        var r = try Self.build(book, out: out)
        #expect(r.status == 1)
        #expect(r.stderr.contains("latin1.md:3"), "\(r.stderr)")
        #expect(r.stderr.lowercased().contains("utf-8"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        try FileManager.default.removeItem(at: book.appendingPathComponent("docs/latin1.md"))
        let line = String(repeating: "word ", count: 20) + "\n"
        try String(repeating: line, count: 5 * 1024 * 1024 / line.utf8.count + 10)
            .write(to: book.appendingPathComponent("docs/huge.md"), atomically: true, encoding: .utf8)
        r = try Self.build(book, out: out)
        #expect(r.status == 1)
        #expect(r.stderr.contains("huge.md"), "\(r.stderr)")
        #expect(r.stderr.contains("5 MB") || r.stderr.contains("too large"), "\(r.stderr)")
    }

    @Test func brokenLinksAreAllListedWithFileAndLineAndWarnModeBuilds() throws {
        let book = Self.fixtures.appendingPathComponent("broken-link")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        var r = try Self.build(book, out: out)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").filter { $0.contains("broken link") }
        #expect(lines.count == 2, "\(r.stderr)")
        #expect(lines.allSatisfy { $0.contains("intro.md:5") }, "\(r.stderr)")
        #expect(r.stderr.contains("nowhere.md") && r.stderr.contains("no-such-heading"))
        r = try Self.build(book, out: out, ["--links", "warn"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("broken link"))
    }

    @Test func badConfigNamesTheFileAndTheKey() throws {
        let book = try Self.copy("good")
        try "title: Book\ntitel: typo\n".write(to: book.appendingPathComponent("quire.yml"), atomically: true, encoding: .utf8)
        let r = try Self.build(book, out: book.deletingLastPathComponent().appendingPathComponent("dist"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("quire.yml") && r.stderr.contains("titel"), "\(r.stderr)")
    }

    @Test func corruptOrMissingIndexIsAClearErrorNotACrash() throws {
        let dir = try Self.copy("good").deletingLastPathComponent()
        let missing = try Self.quire(["search", "--index", dir.appendingPathComponent("none.qidx").path, "robots"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("none.qidx"), "\(missing.stderr)")

        let junk = dir.appendingPathComponent("junk.qidx")
        try Data("QIDX this is not an index at all".utf8).write(to: junk)
        for args in [["search", "--index", junk.path, "robots"], ["inspect", junk.path]] {
            let r = try Self.quire(args)
            #expect(r.status == 1, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("junk.qidx"), "\(args): \(r.stderr)")
        }
    }

    @Test func usageErrorsExit64() throws {
        let r = try Self.quire(["build", "--links", "sometimes"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("links"), "\(r.stderr)")
    }
}
