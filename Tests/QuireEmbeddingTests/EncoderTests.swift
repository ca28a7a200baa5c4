import Foundation
import QuireEmbedding
import QuireSupport
import Testing

@Suite struct EncoderTests {
    /// Every golden vector: cosine ≥ 0.9999 and every component within 2e-5.
    /// Measured (debug and release alike): worst cosine 0.99999994, worst component 1.5e-6 — see the printed line.
    @Test func goldenEmbeddings() throws {
        let e = try embedder()
        let golden = Golden.shared.items
        let vectors = try e.embed(golden.map(\.text))
        var worstCosine: Float = 1, worstDiff: Float = 0, worstText = ""
        for (item, v) in zip(golden, vectors) {
            #expect(v.count == 384)
            let c = cosine(v, item.embedding)
            var diff: Float = 0
            for (a, b) in zip(v, item.embedding) { diff = max(diff, abs(a - b)) }
            #expect(c >= 0.9999, "cosine \(c) for \(item.text.debugDescription)")
            #expect(diff <= 2e-5, "component diff \(diff) for \(item.text.debugDescription)")
            if c < worstCosine { worstCosine = c }
            if diff > worstDiff { worstDiff = diff; worstText = item.text }
            #expect(abs(dot(v, v) - 1) < 1e-5)
        }
        print("golden: \(golden.count) items, worst cosine \(worstCosine), worst component diff \(worstDiff) (\(worstText.prefix(40).debugDescription))")
    }

    @Test func goldenPairs() throws {
        let e = try embedder()
        let golden = Golden.shared
        let vectors = try e.embed(golden.items.map(\.text))
        for pair in golden.pairs {
            let c = dot(vectors[pair.a], vectors[pair.b])
            #expect(abs(c - pair.cosine) <= 1e-4, "pair \(pair.a),\(pair.b): \(c) vs \(pair.cosine)")
        }
    }

    /// A batch, one-by-one `embed` and `embedQuery` give the same vectors (packing and the
    /// split single-pass path compute the same thing).
    @Test func batchMatchesSingle() throws {
        let e = try embedder()
        let texts = Golden.shared.items.map(\.text)
        var many = texts
        for i in 0..<40 { many.append(texts[i % texts.count] + " \(i)") }
        let batch = try e.embed(many)  // several passes on several threads
        #expect(batch.count == many.count)
        for (i, t) in many.enumerated() where i % 7 == 0 {
            let one = try e.embedQuery(t)
            let single = try e.embed([t])[0]
            var d1: Float = 0, d2: Float = 0
            for j in 0..<384 {
                d1 = max(d1, abs(one[j] - batch[i][j]))
                d2 = max(d2, abs(single[j] - batch[i][j]))
            }
            #expect(d1 < 1e-5 && d2 < 1e-5, "\(t.debugDescription): \(d1) \(d2)")
        }
        #expect(try e.embed([]).isEmpty)
    }

    @Test func blankAndEmptyMatchGolden() throws {
        let e = try embedder()
        for item in Golden.shared.items where item.text.trimmingCharacters(in: .whitespaces).isEmpty {
            let v = try e.embedQuery(item.text)
            #expect(cosine(v, item.embedding) >= 0.9999)
        }
    }

    @Test func modelHashIsStableAndCheap() throws {
        let e = try embedder()
        let clock = ContinuousClock()
        var again: MiniLMEmbedder?
        // fp32 queries: loading without the int8 weights is what the hash's cost is measured on.
        let took = try clock.measure { again = try MiniLMEmbedder(modelDirectory: modelDirectory(), queryPrecision: .fp32) }
        #expect(again?.modelHash == e.modelHash)
        #expect(e.modelHash.count == 16)
        #expect(took < .seconds(2))
        #expect(e.id == "all-MiniLM-L6-v2" && e.dimensions == 384)
    }

    @Test func missingModelSaysHowToFetch() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-no-model-\(UUID().uuidString)")
        #expect {
            _ = try MiniLMEmbedder(modelDirectory: dir)
        } throws: { error in
            guard let q = error as? QuireError else { return false }
            return q.code == .modelMissing && q.message.contains("scripts/fetch-model.sh")
        }
    }

    @Test func defaultModelDirectory() {
        let dir = MiniLMEmbedder.defaultModelDirectory()
        if ProcessInfo.processInfo.environment["QUIRE_MODEL_DIR"] == nil {
            #expect(dir.path.hasSuffix("models/all-MiniLM-L6-v2"))
        }
    }

    @Test func hashEmbedderIsDeterministic() throws {
        let h = HashEmbedder(dimensions: 32)
        let a = try h.embed(["robot arm kinematics", "robot arm"])
        #expect(a == (try h.embed(["robot arm kinematics", "robot arm"])))
        #expect(abs(dot(a[0], a[0]) - 1) < 1e-5)
        #expect(dot(a[0], a[1]) > 0)
        #expect(h.tokenCount("two words") == 4)
    }
}
