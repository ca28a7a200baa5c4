import Foundation
import QuireSupport

/// A finished answer, as cached and as returned by `"stream": false`.
public struct CachedAnswer: Sendable, Equatable {
    public var text: String
    public var citations: [Citation]
    public var mode: AnswerMode
    public var covered: Bool
    public var relevance: Double
}

/// Small in-memory LRU of finished answers. Keys include the index version, so a reloaded
/// index never serves old answers.
public final class AnswerCache: @unchecked Sendable {
    public let capacity: Int
    private let lock = NSLock()
    private var entries: [String: (CachedAnswer, UInt64)] = [:]
    private var clock: UInt64 = 0

    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    public static func key(indexVersion: String, provider: String, question: String, selection: String?, history: [ChatMessage]) -> String {
        var h = StableHash()
        h.combine(indexVersion)
        h.combine("\u{1}" + provider)
        h.combine("\u{1}" + question.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
        h.combine("\u{1}" + (selection ?? ""))
        for m in history { h.combine("\u{1}" + m.role + "\u{2}" + m.content) }
        return h.hex
    }

    public func get(_ key: String) -> CachedAnswer? {
        lock.lock()
        defer { lock.unlock() }
        guard let (answer, _) = entries[key] else { return nil }
        clock += 1
        entries[key] = (answer, clock)
        return answer
    }

    public func put(_ key: String, _ answer: CachedAnswer) {
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        entries[key] = (answer, clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.1 < $1.value.1 })?.key {
            entries.removeValue(forKey: oldest)
        }
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
