import Foundation
import QuireAnswer
import QuireBook
import QuireSupport

/// One layer of `quire serve` settings: the `server:` section of `quire.yml`, the environment
/// or the command line. Every value remembers where it came from, so an error names the field
/// to fix. Layers are overlaid, later wins: file, then environment, then flags.
///
///     let settings = try ServerSettings.file(contentsOf: yml)
///         .overlaid(by: .environment(env)).overlaid(by: flags)
///     let config = try settings.configuration(env: env)
public struct ServerSettings: Sendable {
    public typealias Setting = LLMConfiguration.Setting

    public enum Key: String, CaseIterable, Sendable {
        case site, index, model, host, port, rateLimit, trustedProxies, corsOrigins, dataDir
        case shutdownGraceSeconds, maxBodyBytes, maxQuestionLength, idleTimeoutSeconds, bodyTimeoutSeconds
        case llmProvider, llmBaseUrl, llmModel, llmTimeoutSeconds
        // Time limits and circuit breaker of the provider (docs/llm-failures.md).
        case llmConnectTimeoutSeconds, llmFirstTokenTimeoutSeconds, llmRetryBudgetSeconds, llmCircuitFailures, llmCircuitCoolDownSeconds

        /// Environment variables, the first one set wins (`QUIRE_PORT` before `PORT`).
        var environment: [String] {
            switch self {
            case .site: ["QUIRE_SITE"]
            case .index: ["QUIRE_INDEX"]
            case .model: ["QUIRE_MODEL_DIR"]
            case .host: ["QUIRE_HOST"]
            case .port: ["QUIRE_PORT", "PORT"]
            case .rateLimit: ["QUIRE_RATE_LIMIT"]
            case .trustedProxies: ["QUIRE_TRUSTED_PROXIES"]
            case .corsOrigins: ["QUIRE_CORS_ORIGINS"]
            case .dataDir: ["QUIRE_DATA_DIR"]
            case .shutdownGraceSeconds: ["QUIRE_SHUTDOWN_GRACE"]
            case .maxBodyBytes: ["QUIRE_MAX_BODY_BYTES"]
            case .maxQuestionLength: ["QUIRE_MAX_QUESTION_LENGTH"]
            case .idleTimeoutSeconds: ["QUIRE_IDLE_TIMEOUT"]
            case .bodyTimeoutSeconds: ["QUIRE_BODY_TIMEOUT"]
            case .llmProvider: ["QUIRE_LLM_PROVIDER"]
            case .llmBaseUrl: ["QUIRE_LLM_BASE_URL"]
            case .llmModel: ["QUIRE_LLM_MODEL"]
            case .llmConnectTimeoutSeconds, .llmFirstTokenTimeoutSeconds, .llmRetryBudgetSeconds, .llmCircuitFailures,
                 .llmCircuitCoolDownSeconds: [llmLimit!.environmentKey]
            case .llmTimeoutSeconds: ["QUIRE_LLM_TIMEOUT"]
            }
        }

        /// Path of the key in the `server:` section (`llm.model`).
        var fileKey: String {
            switch self {
            case .llmProvider: "llm.provider"
            case .llmBaseUrl: "llm.baseUrl"
            case .llmModel: "llm.model"
            case .llmTimeoutSeconds: "llm.timeoutSeconds"
            default: llmLimit?.fileKey ?? rawValue
            }
        }

        /// The provider limit this key sets, if it is one.
        var llmLimit: LLMConfiguration.Limit? {
            switch self {
            case .llmConnectTimeoutSeconds: .connectTimeout
            case .llmFirstTokenTimeoutSeconds: .firstTokenTimeout
            case .llmRetryBudgetSeconds: .retryBudget
            case .llmCircuitFailures: .circuitFailures
            case .llmCircuitCoolDownSeconds: .circuitCoolDown
            default: nil
            }
        }

        var isPath: Bool { self == .site || self == .index || self == .model || self == .dataDir }
        var isList: Bool { self == .trustedProxies || self == .corsOrigins }
    }

    public private(set) var values: [Key: Setting] = [:]

    public init() {}

    public subscript(key: Key) -> Setting? { values[key] }

    public mutating func set(_ key: Key, _ value: String?, from source: String) {
        if let value { values[key] = Setting(value, from: source) }
    }

    /// These settings with `other`'s values winning.
    public func overlaid(by other: ServerSettings) -> ServerSettings {
        var out = self
        out.values.merge(other.values) { _, new in new }
        return out
    }

    /// The `QUIRE_*` variables (and `PORT`); empty variables count as unset.
    public static func environment(_ env: [String: String]) -> ServerSettings {
        var s = ServerSettings()
        for key in Key.allCases {
            if let name = key.environment.first(where: { !(env[$0] ?? "").isEmpty }) { s.set(key, env[name], from: name) }
        }
        return s
    }

    /// The `server:` section of a `quire.yml` (other top-level keys are the site's). Relative
    /// paths are taken from the file's folder.
    public static func file(contentsOf url: URL) throws -> ServerSettings {
        let doc = try SettingsDocument.read(
            contentsOf: url, unreadable: "cannot read the settings file (pass --config FILE, or none to use flags and environment only)")
        return try from(doc, baseDirectory: url.deletingLastPathComponent())
    }

    public static func file(yaml text: String, path: String = "quire.yml", baseDirectory: URL? = nil) throws -> ServerSettings {
        try from(SettingsDocument.parse(text, file: path), baseDirectory: baseDirectory)
    }

    /// The `server:` section of a read quire.yml. Relative paths are taken from `baseDirectory`.
    public static func from(_ doc: SettingsDocument, baseDirectory: URL? = nil) throws -> ServerSettings {
        let path = doc.file
        var s = ServerSettings()
        let byFileKey = Dictionary(uniqueKeysWithValues: Key.allCases.map { ($0.fileKey, $0) })
        let secrets = ["adminToken": "QUIRE_ADMIN_TOKEN", "apiKey": "OPENAI_API_KEY or ANTHROPIC_API_KEY",
                       "llm.apiKey": "OPENAI_API_KEY or ANTHROPIC_API_KEY"]
        for entry in doc.server {
            let (k, v) = (entry.key, entry.value)
            let field = "server." + k
            if let env = secrets[k] {
                throw QuireError(.config, "'\(field)' is a secret: set \(env) in the environment instead of writing it in the file", file: path)
            }
            guard let key = byFileKey[k] else {
                let known = Key.allCases.map { "server." + $0.fileKey }.joined(separator: ", ")
                throw QuireError(.config, "unknown setting '\(field)' (known: \(known))", file: path)
            }
            if v == .null { continue }
            var text: String
            if case .string(let str) = v {
                text = str
            } else if key.isList {
                guard let strings = v.strings else { throw QuireError(.config, "'\(field)' must be a list of strings", file: path) }
                text = strings.joined(separator: ",")
            } else if let scalar = v.scalarText {
                text = scalar
            } else {
                throw QuireError(.config, "'\(field)' must be a single value, got \(v.kind)", file: path)
            }
            if key.isPath, let baseDirectory, !text.hasPrefix("/") {
                text = baseDirectory.appendingPathComponent(text).standardizedFileURL.path
            }
            s.set(key, text, from: "\(path): \(field)")
        }
        return s
    }

    /// Defaults, then these settings, each checked with a message naming where it came from;
    /// then paths are checked. `env` supplies the secrets (`QUIRE_ADMIN_TOKEN`, API keys).
    public func configuration(env: [String: String]) throws -> ServerConfiguration {
        func fail(_ key: Key, _ what: String) -> QuireError {
            let s = values[key]!
            return QuireError(.config, "\(s.source) \(what), got '\(s.value)'")
        }
        func int(_ key: Key, _ range: ClosedRange<Int>, _ what: String) throws -> Int? {
            guard let s = values[key] else { return nil }
            guard let n = Int(s.value.trimmingCharacters(in: .whitespaces)), range.contains(n) else { throw fail(key, what) }
            return n
        }
        func list(_ key: Key) -> [String]? {
            values[key].map { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }

        let site = URL(fileURLWithPath: values[.site]?.value ?? "dist")
        let index = values[.index].map { URL(fileURLWithPath: $0.value) } ?? site.appendingPathComponent("index.qidx")
        var c = ServerConfiguration(siteDirectory: site, indexFile: index, modelDirectory: values[.model].map { URL(fileURLWithPath: $0.value) },
                                    dataDirectory: URL(fileURLWithPath: values[.dataDir]?.value ?? ".quire-data"))
        if let host = values[.host] {
            guard !host.value.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(.host, "is empty: give an address such as 127.0.0.1 or 0.0.0.0") }
            c.host = host.value.trimmingCharacters(in: .whitespaces)
        }
        if let n = try int(.port, 0...65_535, "must be a whole number from 0 to 65535 (0 picks a free port)") { c.port = n }
        if let n = try int(.rateLimit, 0...1_000_000, "must be a whole number ≥ 0 (requests per minute per client; 0 turns it off)") { c.rateLimit = n }
        if let n = try int(.shutdownGraceSeconds, 0...3_600, "must be a whole number of seconds from 0 to 3600") { c.shutdownGraceSeconds = n }
        if let n = try int(.maxBodyBytes, 1_024...(64 << 20), "must be a whole number of bytes from 1024 to 67108864") { c.maxBodyBytes = n }
        if let n = try int(.maxQuestionLength, 1...100_000, "must be a whole number of characters from 1 to 100000") { c.maxQuestionLength = n }
        if let n = try int(.idleTimeoutSeconds, 1...3_600, "must be a whole number of seconds from 1 to 3600") { c.idleTimeoutSeconds = n }
        if let n = try int(.bodyTimeoutSeconds, 1...3_600, "must be a whole number of seconds from 1 to 3600") { c.bodyTimeoutSeconds = n }
        if let proxies = list(.trustedProxies) {
            for p in proxies where !Self.isIPAddress(p) { throw fail(.trustedProxies, "must list IP addresses of reverse proxies ('\(p)' is not one)") }
            c.trustedProxies = Set(proxies)
        }
        if let origins = list(.corsOrigins) {
            for o in origins where !(o == "*" || o.hasPrefix("http://") || o.hasPrefix("https://")) || o.hasSuffix("/") {
                throw fail(.corsOrigins, "must list origins like https://book.example (scheme and host, no path) or *; '\(o)' is not one")
            }
            c.corsOrigins = Set(origins)
        }
        if let t = env["QUIRE_ADMIN_TOKEN"], !t.isEmpty { c.adminToken = t }
        c.llm = try LLMConfiguration.resolve(provider: values[.llmProvider], baseURL: values[.llmBaseUrl], model: values[.llmModel],
                                             timeout: values[.llmTimeoutSeconds],
                                             limits: Dictionary(uniqueKeysWithValues: Key.allCases.compactMap { k in
                                                 k.llmLimit.flatMap { limit in values[k].map { (limit, $0) } } }),
                                             env: env)

        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: site.path, isDirectory: &isDir), isDir.boolValue else {
            let from = values[.site]?.source ?? "the default --site"
            throw QuireError(.config, "site directory \(site.path) (\(from)) does not exist: run `quire build` first or set --site")
        }
        guard fm.fileExists(atPath: index.path) else {
            let from = values[.index]?.source ?? "--index, default <site>/index.qidx"
            throw QuireError(.config, "index \(index.path) (\(from)) does not exist: run `quire build` (without --no-index) or set --index")
        }
        if let model = values[.model], !fm.fileExists(atPath: model.value, isDirectory: &isDir) || !isDir.boolValue {
            throw QuireError(.config, "\(model.source): model directory \(model.value) does not exist (scripts/fetch-model.sh downloads it)")
        }
        try c.validate()
        return c
    }

    static func isIPAddress(_ s: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1
    }
}
