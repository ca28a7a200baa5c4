import Foundation
import QuireSupport
import Synchronization

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
public final class AnswerCache: Sendable {
    public let capacity: Int
    private struct State {
        var entries: [String: (answer: CachedAnswer, used: UInt64)] = [:]
        var clock: UInt64 = 0
    }
    private let state = Mutex(State())

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
        state.withLock { s in
            guard let (answer, _) = s.entries[key] else { return nil }
            s.clock += 1
            s.entries[key] = (answer, s.clock)
            return answer
        }
    }

    public func put(_ key: String, _ answer: CachedAnswer) {
        state.withLock { s in
            s.clock += 1
            s.entries[key] = (answer, s.clock)
            if s.entries.count > capacity, let oldest = s.entries.min(by: { $0.value.used < $1.value.used })?.key {
                s.entries.removeValue(forKey: oldest)
            }
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
