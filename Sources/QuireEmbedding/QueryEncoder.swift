import Dispatch
import Foundation
import Synchronization

/// Turns search queries into vectors for a server under load: a small LRU cache of recent
/// queries, then micro-batching.
///
/// Micro-batching: encoding runs on at most `workers` dedicated threads, off Swift's
/// cooperative pool. A query that finds a worker free starts at once (a lone query waits for
/// nothing); queries that arrive while every worker is busy queue up, and the next free worker
/// takes all of them (up to `maxBatch`) in one pass at full matrix width. The batch is its own
/// window: no timer ever holds a query back. With int8 every row is quantised on its own, so a
/// batched vector equals the one-at-a-time vector bit for bit.
///
/// The cache is keyed by the normalised text (case, spacing); it belongs to one embedder, and
/// whoever swaps the index (a reload) makes a new `QueryEncoder`, which is how a reload
/// invalidates it.
public final class QueryEncoder: Sendable {
    public let embedder: any Embedder
    public let workers: Int
    public let maxBatch: Int
    public let cacheCapacity: Int

    /// Counters for /metrics.
    public struct Stats: Sendable, Equatable {
        public var cacheHits = 0, cacheMisses = 0
        /// Encoder passes, and the queries they carried (queries / passes = mean batch size).
        public var passes = 0, encodedQueries = 0
        public var largestBatch = 0
    }

    private struct Waiter {
        let text, key: String
        let continuation: CheckedContinuation<[Float], Error>
    }

    private struct State {
        var pending: [Waiter] = []
        var busyWorkers = 0
        var cache = LRUCache<String, [Float]>(capacity: 0)
        var stats = Stats()
    }

    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "quire.query-encoder", attributes: .concurrent)

    /// `workers`: encoding threads (default: the cores, at most 4); `maxBatch`: queries per pass;
    /// `cacheCapacity`: recent queries kept (0 turns the cache off).
    public init(embedder: any Embedder, workers: Int = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)),
                maxBatch: Int = 16, cacheCapacity: Int = QueryEncoder.defaultCacheCapacity) {
        self.embedder = embedder
        self.workers = max(1, workers)
        self.maxBatch = max(1, maxBatch)
        self.cacheCapacity = max(0, cacheCapacity)
        var initial = State()
        initial.cache = LRUCache(capacity: self.cacheCapacity)
        state = Mutex(initial)
    }

    public var stats: Stats { state.withLock { $0.stats } }

    /// `QUIRE_QUERY_CACHE` (queries kept; 0 turns the cache off, as the load benchmarks do so
    /// that distinct questions are measured), else 1024.
    public static var defaultCacheCapacity: Int {
        ProcessInfo.processInfo.environment["QUIRE_QUERY_CACHE"].flatMap { Int($0) }.map { max(0, $0) } ?? 1024
    }

    /// Queries waiting for a worker.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// The cache key: case-folded, runs of white space made one space, trimmed.
    public static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The query's vector: from the cache, or encoded (alone or in a batch with others).
    public func vector(_ text: String) async throws -> [Float] {
        let key = Self.normalise(text)
        let cached: [Float]? = state.withLock { s in
            if let v = s.cache.get(key) {
                s.stats.cacheHits += 1
                return v
            }
            s.stats.cacheMisses += 1
            return nil
        }
        if let cached { return cached }
        let v = try await withCheckedThrowingContinuation { (c: CheckedContinuation<[Float], Error>) in
            let start = state.withLock { s -> Bool in
                s.pending.append(Waiter(text: text, key: key, continuation: c))
                guard s.busyWorkers < workers else { return false }
                s.busyWorkers += 1
                return true
            }
            if start { queue.async { self.work() } }
        }
        return v
    }

    /// One worker: take what is pending, encode it in one pass, repeat until nothing is left.
    private func work() {
        while true {
            let (batch, alone): ([Waiter], Bool) = state.withLock { s in
                guard !s.pending.isEmpty else {
                    s.busyWorkers -= 1
                    return ([], false)
                }
                let n = min(maxBatch, s.pending.count)
                let batch = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                s.stats.passes += 1
                s.stats.encodedQueries += n
                s.stats.largestBatch = max(s.stats.largestBatch, n)
                return (batch, s.busyWorkers == 1)
            }
            if batch.isEmpty { return }
            do {
                let vectors = try encode(batch.map(\.text), alone: alone)
                state.withLock { s in
                    for (w, v) in zip(batch, vectors) { s.cache.put(w.key, v) }
                }
                for (w, v) in zip(batch, vectors) { w.continuation.resume(returning: v) }
            } catch {
                for w in batch { w.continuation.resume(throwing: error) }
            }
        }
    }

    /// The only busy worker may divide each product among the cores (the embedder's choice);
    /// otherwise each worker keeps to its own core.
    private func encode(_ texts: [String], alone: Bool) throws -> [[Float]] {
        try embedder.embedQueries(texts, split: alone ? nil : 1)
    }
}

/// A least-recently-used map of fixed capacity (capacity 0 keeps nothing).
struct LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private final class Node: @unchecked Sendable {
        // Only touched under the owner's lock (QueryEncoder's Mutex).
        let key: Key
        var value: Value
        var prev: Node?, next: Node?
        init(key: Key, value: Value) { self.key = key; self.value = value }
    }
    let capacity: Int
    private var nodes: [Key: Node] = [:]
    private var head: Node?, tail: Node?

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { nodes.count }

    mutating func get(_ key: Key) -> Value? {
        guard let n = nodes[key] else { return nil }
        moveToFront(n)
        return n.value
    }

    mutating func put(_ key: Key, _ value: Value) {
        guard capacity > 0 else { return }
        if let n = nodes[key] {
            n.value = value
            moveToFront(n)
            return
        }
        let n = Node(key: key, value: value)
        nodes[key] = n
        n.next = head
        head?.prev = n
        head = n
        if tail == nil { tail = n }
        if nodes.count > capacity, let t = tail {
            tail = t.prev
            tail?.next = nil
            t.prev = nil
            nodes[t.key] = nil
        }
    }

    private mutating func moveToFront(_ n: Node) {
        guard head !== n else { return }
        n.prev?.next = n.next
        n.next?.prev = n.prev
        if tail === n { tail = n.prev }
        n.prev = nil
        n.next = head
        head?.prev = n
        head = n
    }
}
