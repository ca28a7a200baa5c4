import Foundation
import QuireAnswer
import QuireSupport

/// Everything `quire serve` needs, validated before the server starts. `ServerSettings`
/// builds it from flags, environment and `quire.yml`.
public struct ServerConfiguration: Sendable {
    /// Built site directory (served as static files; may be nil for API-only tests).
    public var siteDirectory: URL?
    public var indexFile: URL
    public var modelDirectory: URL?
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Requests per minute per client on the API routes; 0 turns limiting off.
    public var rateLimit: Int
    /// Clients whose `X-Forwarded-For` is believed (reverse proxies), by IP.
    public var trustedProxies: Set<String>
    /// Origins allowed by CORS (`*` allows any); empty: no CORS headers.
    public var corsOrigins: Set<String>
    /// Bearer token for admin routes (reload); nil: admin routes are off.
    public var adminToken: String?
    /// Where the question log and feedback go (JSON lines); nil: not recorded.
    public var dataDirectory: URL?
    public var llm: LLMConfiguration
    public var maxBodyBytes = 64 * 1024
    public var maxQuestionLength = 2_000
    public var maxSelectionLength = 4_000
    public var maxHistoryTurns = 20
    public var maxK = 50
    /// Longest wait for in-flight requests and streams after SIGTERM/SIGINT.
    public var shutdownGraceSeconds = 10
    /// A connection that sends nothing for this long, or has not finished its request head, is
    /// closed (slow clients cannot hold connections). Answers being streamed are not affected.
    public var idleTimeoutSeconds = 30
    /// A request body must arrive within this many seconds of its head (else 408, connection closed).
    public var bodyTimeoutSeconds = 10

    public init(siteDirectory: URL?, indexFile: URL, modelDirectory: URL? = nil, host: String = "127.0.0.1", port: Int = 8080,
                rateLimit: Int = 60, trustedProxies: Set<String> = [], corsOrigins: Set<String> = [], adminToken: String? = nil,
                dataDirectory: URL? = nil, llm: LLMConfiguration = .none) {
        self.siteDirectory = siteDirectory
        self.indexFile = indexFile
        self.modelDirectory = modelDirectory
        self.host = host
        self.port = port
        self.rateLimit = rateLimit
        self.trustedProxies = trustedProxies
        self.corsOrigins = corsOrigins
        self.adminToken = adminToken
        self.dataDirectory = dataDirectory
        self.llm = llm
    }

    /// Checks what can be checked before binding: paths exist, numbers make sense.
    public func validate() throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if let siteDirectory {
            guard fm.fileExists(atPath: siteDirectory.path, isDirectory: &isDir), isDir.boolValue else {
                throw QuireError(.config, "site directory \(siteDirectory.path) does not exist: run `quire build` first or pass --site")
            }
        }
        guard fm.fileExists(atPath: indexFile.path) else {
            throw QuireError(.config, "index \(indexFile.path) does not exist: run `quire build` (without --no-index) or pass --index")
        }
        guard (0...65535).contains(port) else {
            throw QuireError(.config, "--port must be between 0 and 65535, got \(port)")
        }
        guard rateLimit >= 0 else {
            throw QuireError(.config, "--rate-limit must be ≥ 0 (0 turns it off), got \(rateLimit)")
        }
        guard !host.isEmpty else { throw QuireError(.config, "--host is empty") }
        guard (1...3600).contains(idleTimeoutSeconds) else {
            throw QuireError(.config, "idleTimeoutSeconds must be from 1 to 3600, got \(idleTimeoutSeconds)")
        }
        guard (1...3600).contains(bodyTimeoutSeconds) else {
            throw QuireError(.config, "bodyTimeoutSeconds must be from 1 to 3600, got \(bodyTimeoutSeconds)")
        }
        if let adminToken, adminToken.count < 16 {
            throw QuireError(.config, "QUIRE_ADMIN_TOKEN is too short: use at least 16 random characters")
        }
    }
}
