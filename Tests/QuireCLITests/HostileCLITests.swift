import Foundation
import Testing

/// Issue 13 end to end: hostile books fail cleanly (exit 1, file:line, nothing written
/// outside --out, no crash), and `quire report` never sends readers' control characters to
/// the terminal.
@Suite struct HostileCLITests {
    static func book(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cli-hostile-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent("book/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    func build(_ dir: URL) throws -> CLITests.Run {
        try CLITests.quire(["build", "--content", "book", "--out", "out/site", "--no-index", "--config", "/dev/null"], in: dir)
    }

    @Test func slugThatClimbsOutLeavesOtherFoldersAlone() throws {
        let dir = try Self.book(["intro.md": "# Intro\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim/index.html")
        try FileManager.default.createDirectory(at: victim.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("ORIGINAL".utf8).write(to: victim)
        for slug in ["/../../../../../../\(dir.path)/victim", "%2e%2e/%2e%2e/%2e%2e/victim", "/%2E%2E/%2E%2E/victim", "..\\\\..\\\\victim"] {
            try Data("---\nslug: \"\(slug)\"\n---\n# V\n".utf8).write(to: dir.appendingPathComponent("book/p.md"))
            let r = try build(dir)
            #expect(r.status == 1, "\(slug)")
            #expect(r.stderr.contains("p.md:2: 'slug' must not"), "\(r.stderr)")
            #expect(try String(contentsOf: victim, encoding: .utf8) == "ORIGINAL")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["book", "victim"])
        }
    }

    @Test func deepNestingAndAliasBombsFailCleanly() throws {
        let laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            + (1...9).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]" }
        for (name, text, line) in [
            ("list", "text\n\n" + String(repeating: "- ", count: 7_000) + "x\n", 3),
            ("quote", String(repeating: ">", count: 100_000) + " x\n", 1),
            ("bomb", "---\n" + laughs.joined(separator: "\n") + "\n---\nbody\n", 5),
        ] {
            let dir = try Self.book(["intro.md": "# Intro\n", "p.md": text])
            defer { try? FileManager.default.removeItem(at: dir) }
            let start = ContinuousClock.now
            let r = try build(dir)
            #expect(r.status == 1, "\(name): exit \(r.status)")
            #expect(r.stderr.contains("p.md:\(line): "), "\(name): \(r.stderr)")
            #expect(ContinuousClock.now - start < .seconds(20), "\(name)")
        }
    }

    @Test func reportEscapesReadersControlCharacters() throws {
        let r = try CLITests.quire(["report", "--data-dir", CLITests.fixtures.appendingPathComponent("hostile-report").path])
        #expect(r.status == 0)
        let controls = r.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
        #expect(controls.isEmpty, "\(controls.map(\.value))")
        #expect(r.stdout.contains(#"How do robots\u{1B}[2J\u{1B}]0;pwned\u{7} walk?\n   99  fake line"#))
        #expect(r.stdout.contains(#""bad\u{0}\u{1B}[31mred\r\nVoted down:\u{202E}INJECTED""#))
        #expect(r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("Voted down:") }.count == 1)
    }
}
