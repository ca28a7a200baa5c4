import Foundation
import QuireEmbedding
import Synchronization
import Testing

@Suite struct QueryEncoderTests {
    static let questions = [
        "what is inverse kinematics", "how do I tune a PID controller", "why does my robot drift when odometry is used alone",
        "explain SLAM like I'm five", "lidar vs depth camera outdoors", "what does a Kalman filter predict",
        "how to launch a ROS 2 node with parameters", "what is the zero moment point", "difference between forward and inverse kinematics",
        "can reinforcement learning policies transfer from simulation", "what is a Jacobian used for", "how are quaternions different from euler angles",
    ]

    /// A lone query is encoded at once, in its own pass, to the same vector as `embedQuery`.
    @Test func loneQueryIsEncodedAtOnce() async throws {
        let e = try sharedInt8Embedder.get()
        let encoder = QueryEncoder(embedder: e, workers: 1, cacheCapacity: 0)
        let v = try await encoder.vector("what is inverse kinematics?")
        #expect(v == (try e.embedQuery("what is inverse kinematics?")))
        #expect(encoder.stats.passes == 1 && encoder.stats.encodedQueries == 1)
    }

    /// Concurrent queries share passes, and every vector is the one-at-a-time vector.
    @Test(.enabled(if: Int8Kernels.available, "exact equality holds for the int8 path"))
    func concurrentQueriesAreBatched() async throws {
        let e = try sharedInt8Embedder.get()
        // The first pass waits until every query is queued, so the test does not depend on how
        // fast the test runner schedules tasks while other suites keep its threads busy.
        let gate = DispatchSemaphore(value: 0)
        let encoder = QueryEncoder(embedder: Gated(inner: e, gate: gate), workers: 1, maxBatch: 8, cacheCapacity: 0)
        let texts = Self.questions + Self.questions.map { $0 + " please" } + Self.questions.map { "quick question: " + $0 }
        let vectors = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (i, t) in texts.enumerated() { group.addTask { (i, try await encoder.vector(t)) } }
            while encoder.stats.encodedQueries + encoder.pendingCount < texts.count { try await Task.sleep(for: .milliseconds(2)) }
            gate.signal()
            var out = [[Float]](repeating: [], count: texts.count)
            for try await (i, v) in group { out[i] = v }
            return out
        }
        for (t, v) in zip(texts, vectors) { #expect(v == (try e.embedQuery(t)), "\(t)") }
        let stats = encoder.stats
        #expect(stats.encodedQueries == texts.count)
        // The first pass, then the queued ones in passes of up to 8 (36 queries: at most 1 + 5).
        #expect(stats.passes <= 6, "\(stats)")
        #expect(stats.largestBatch == 8)
    }

    /// The real embedder behind a gate that holds the first pass until the test opens it.
    struct Gated: Embedder {
        let inner: MiniLMEmbedder
        let gate: DispatchSemaphore
        let first = Latch()
        var id: String { inner.id }
        var modelHash: String { inner.modelHash }
        var dimensions: Int { inner.dimensions }
        func tokenCount(_ text: String) -> Int { inner.tokenCount(text) }
        func embed(_ texts: [String]) throws -> [[Float]] { try inner.embed(texts) }
        func embedQueries(_ texts: [String], split: Int?) throws -> [[Float]] {
            if first.take() { gate.wait() }
            return try inner.embedQueries(texts, split: split)
        }
    }

    final class Latch: Sendable {
        private let open = Mutex(true)
        /// True the first time only.
        func take() -> Bool { open.withLock { v in defer { v = false }; return v } }
    }

    /// The cache answers a repeated question (any case or spacing) without encoding it again.
    @Test func cacheHitsOnNormalisedText() async throws {
        let e = try embedder()
        let encoder = QueryEncoder(embedder: e, workers: 2, cacheCapacity: 4)
        let a = try await encoder.vector("What is  Inverse Kinematics?")
        let b = try await encoder.vector("  what is inverse kinematics? ")
        #expect(a == b)
        #expect(encoder.stats.cacheHits == 1 && encoder.stats.cacheMisses == 1 && encoder.stats.encodedQueries == 1)
        // Capacity 4: five other questions push the first one out.
        for q in Self.questions.prefix(5) { _ = try await encoder.vector(q) }
        _ = try await encoder.vector("what is inverse kinematics?")
        #expect(encoder.stats.cacheHits == 1 && encoder.stats.encodedQueries == 7)
    }

    /// An encoder failure reaches every waiting query as an error (none hangs).
    @Test func failuresReachEveryWaiter() async throws {
        struct Broken: Embedder {
            var id = "broken", modelHash = "0", dimensions = 4
            func tokenCount(_ text: String) -> Int { 1 }
            func embed(_ texts: [String]) throws -> [[Float]] { throw CocoaError(.featureUnsupported) }
        }
        let encoder = QueryEncoder(embedder: Broken(), workers: 1)
        let failures = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<6 { group.addTask { (try? await encoder.vector("q\(i)")) == nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 6)
    }
}
