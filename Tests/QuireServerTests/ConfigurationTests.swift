import Foundation
import QuireAnswer
import QuireServer
import QuireSupport
import Testing

/// `quire serve` settings: `server:` in quire.yml, environment, flags (flags win), each
/// checked with a message naming the field.
@Suite struct ConfigurationTests {
    /// A folder with a built-looking site and a `quire.yml` holding `yaml`.
    func folder(_ yaml: String) throws -> URL {
        let dir = try Fixture.directory()
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("quire.yml"))
        return dir
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func fileSettingsWithRelativePathsAndDefaults() throws {
        let dir = try folder("""
            title: Robots
            server:
              site: site
              host: 0.0.0.0
              port: 9090
              rateLimit: 30
              trustedProxies: [10.0.0.1, "::1"]
              corsOrigins: [https://book.example]
              dataDir: data
              shutdownGraceSeconds: 3
              maxBodyBytes: 8192
              llm:
                provider: none
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try ServerSettings.file(contentsOf: dir.appendingPathComponent("quire.yml"))
        let c = try file.configuration(env: [:])
        #expect(c.siteDirectory?.path == dir.appendingPathComponent("site").standardizedFileURL.path)
        #expect(c.indexFile.path == dir.appendingPathComponent("site/index.qidx").standardizedFileURL.path)
        #expect(c.host == "0.0.0.0" && c.port == 9090 && c.rateLimit == 30 && c.shutdownGraceSeconds == 3 && c.maxBodyBytes == 8192)
        #expect(c.trustedProxies == ["10.0.0.1", "::1"] && c.corsOrigins == ["https://book.example"])
        #expect(c.dataDirectory?.path == dir.appendingPathComponent("data").standardizedFileURL.path)
        #expect(c.llm.kind == .none)
        // No server section: defaults.
        let empty = try ServerSettings.file(yaml: "title: x\n")
        #expect(empty.values.isEmpty)
        #expect(try ServerSettings.file(contentsOf: URL(fileURLWithPath: "/dev/null")).values.isEmpty)
        #expect(message { _ = try ServerSettings.file(contentsOf: dir.appendingPathComponent("missing.yml")) }.contains("cannot read the settings file"))
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() throws {
        let dir = try folder("server:\n  site: site\n  port: 9090\n  rateLimit: 30\n  host: 10.1.1.1\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try ServerSettings.file(contentsOf: dir.appendingPathComponent("quire.yml"))
        let env = ["QUIRE_PORT": "7070", "PORT": "6060", "QUIRE_RATE_LIMIT": "5", "QUIRE_ADMIN_TOKEN": "0123456789abcdef0123"]
        var flags = ServerSettings()
        flags.set(.port, "5050", from: "--port")
        let merged = file.overlaid(by: .environment(env)).overlaid(by: flags)
        let c = try merged.configuration(env: env)
        #expect(c.port == 5050 && c.rateLimit == 5 && c.host == "10.1.1.1")
        #expect(c.adminToken == "0123456789abcdef0123")
        #expect(merged[.port]?.source == "--port" && merged[.rateLimit]?.source == "QUIRE_RATE_LIMIT")
        // PORT alone (as platforms set it) is used when QUIRE_PORT is not.
        let platform = try file.overlaid(by: .environment(["PORT": "6060"])).configuration(env: [:])
        #expect(platform.port == 6060)
    }

    @Test func badValuesNameTheField() throws {
        let dir = try folder("server:\n  site: site\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let yml = dir.appendingPathComponent("quire.yml")
        let base = try ServerSettings.file(contentsOf: yml)
        func check(_ layer: ServerSettings, _ expected: String, env: [String: String] = [:]) {
            let m = message { _ = try base.overlaid(by: layer).configuration(env: env) }
            #expect(m.contains(expected), "\(m)")
        }
        var f = ServerSettings()
        f.set(.port, "80a", from: "--port")
        check(f, "--port must be a whole number from 0 to 65535")
        check(.environment(["QUIRE_RATE_LIMIT": "-1"]), "QUIRE_RATE_LIMIT must be a whole number ≥ 0")
        check(.environment(["QUIRE_TRUSTED_PROXIES": "10.0.0.1,proxy.local"]), "QUIRE_TRUSTED_PROXIES must list IP addresses")
        check(.environment(["QUIRE_CORS_ORIGINS": "book.example"]), "QUIRE_CORS_ORIGINS must list origins")
        check(.environment(["QUIRE_LLM_PROVIDER": "gemini"]), "QUIRE_LLM_PROVIDER is 'gemini'")
        check(.environment(["QUIRE_LLM_PROVIDER": "openai"]), "needs OPENAI_API_KEY")
        check(ServerSettings(), "QUIRE_ADMIN_TOKEN is too short", env: ["QUIRE_ADMIN_TOKEN": "short"])

        let fileErrors: [(String, String)] = [
            ("server:\n  port: eighty\n", "quire.yml: server.port must be a whole number from 0 to 65535 (0 picks a free port), got 'eighty'"),
            ("server:\n  prot: 80\n", "unknown setting 'server.prot'"),
            ("server:\n  llm:\n    provider: openai-compatible\n    model: m\n", "quire.yml: server.llm.provider=openai-compatible needs a base URL"),
            ("server:\n  llm:\n    provider: openai\n    apiKey: sk-x\n", "'server.llm.apiKey' is a secret"),
            ("server:\n  adminToken: abc\n", "'server.adminToken' is a secret"),
            ("server:\n  trustedProxies: 3\n", "'server.trustedProxies' must be a list of strings"),
            ("server:\n  site: nowhere\n", "quire.yml: server.site) does not exist"),
            ("server: [1]\n", "'server' must be a mapping"),
            ("server:\n  port: [\n", "malformed YAML"),
        ]
        for (yaml, expected) in fileErrors {
            try Data(yaml.utf8).write(to: yml)
            let m = message { _ = try ServerSettings.file(contentsOf: yml).configuration(env: [:]) }
            #expect(m.contains(expected), "\(yaml): \(m)")
        }
    }

    @Test func theServerStartsFromFileSettings() async throws {
        let dir = try folder("server:\n  site: site\n  rateLimit: 2\n  port: 0\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try ServerSettings.file(contentsOf: dir.appendingPathComponent("quire.yml")).configuration(env: [:])
        try await withServer({ $0 = c }) { client, _, _ in
            for _ in 0..<2 {
                let ok = try await client.get("/api/search?q=lidar")
                #expect(ok.status == 200)
            }
            let limited = try await client.get("/api/search?q=lidar")
            #expect(limited.status == 429)
        }
    }
}
