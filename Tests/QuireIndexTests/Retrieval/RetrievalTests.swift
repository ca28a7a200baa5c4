import Foundation
import Testing
@testable import QuireIndex

@Suite struct RetrievalTests {
    let index: SearchIndex

    init() throws {
        let (contents, data) = try fixtureIndex()
        _ = contents
        index = SearchIndex(contents: try IndexReader.parse(data))
    }

    func search(_ q: String, k: Int = 5, collapse: Bool = false, fusion: FusionMethod = .mix) -> [SearchResult] {
        var o = RetrievalOptions()
        o.fusion = fusion
        return index.search(q, queryVector: TestEmbedder.vector(q), k: k, collapsePages: collapse, options: o)
    }

    @Test func findsTheRightSection() {
        for fusion in FusionMethod.allCases {
            let r = search("damped least squares singularities", fusion: fusion)
            #expect(r.first?.source == "kinematics/02-inverse.md", "\(fusion)")
        }
        let r = search("zero moment point support polygon")
        #expect(r.first?.url == "/docs/locomotion/balance")
        #expect(r.first?.title == "Balance and Walking")
        let j = search("Jacobian matrix pseudo-inverse", fusion: .bm25)
        // The tiny intro section merged into the Jacobian section's first part: it links to the page top.
        #expect(j.first?.url.hasPrefix("/docs/kinematics/inverse") == true)
        #expect(j.first?.text.contains("pseudo-inverse") == true)
        #expect(j.map(\.rank) == Array(1...j.count))
    }

    @Test func collapseKeepsOnePerPage() {
        let r = search("robot joint torque sensor", k: 10, collapse: true)
        #expect(Set(r.map(\.source)).count == r.count)
        let all = search("robot joint torque sensor", k: 10)
        #expect(Set(all.map(\.source)).count < all.count)
    }

    @Test func lexicalOnlyWithoutVector() {
        let r = index.search("lidar laser pulses", queryVector: [], k: 3, collapsePages: false)
        #expect(r.first?.source == "sensors/lidar.md")
        #expect(index.search("", queryVector: [], k: 3, collapsePages: false).isEmpty)
        #expect(index.search("zzzqqq", queryVector: [], k: 3, collapsePages: false).isEmpty)
    }

    @Test func jsonShape() {
        let r = [SearchResult(rank: 1, score: 0.83333, source: "a.md", url: "/docs/a#b", title: "A \"quoted\"", headings: ["B"], text: "line\nnext", chunkID: 3)]
        let json = SearchResponse(query: "q", tookMs: 1.7, results: r).json()
        #expect(json == #"{"query": "q", "took_ms": 1.7, "results": [{"rank": 1, "score": 0.8333, "source": "a.md", "url": "/docs/a#b", "title": "A \"quoted\"", "headings": ["B"], "text": "line\nnext"}]}"#)
        let obj = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(obj?["took_ms"] as? Double == 1.7)
    }

    @Test func topKSelection() {
        let scores: [Float] = [0.1, 0.9, 0.5, 0.9, -1, 0.3]
        #expect(topK(scores, 3) == [1, 3, 2])
        #expect(topK(scores, 10) == [1, 3, 2, 5, 0, 4])
        #expect(topK([], 3) == [])
    }

    @Test func int8VectorsAreCloseToFloat() {
        var rng = SplitMix(seed: 1)
        func randomUnit() -> [Float] {
            let v = (0..<384).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
            let n = sqrt(v.reduce(0) { $0 + $1 * $1 })
            return v.map { $0 / n }
        }
        var qv = QuantizedVectors(dimensions: 384)
        let raw = (0..<200).map { _ in randomUnit() }
        raw.forEach { qv.append($0) }
        let q = randomUnit()
        let approx = qv.dotProducts(q)
        for i in 0..<200 {
            let exact = zip(q, raw[i]).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(approx[i] - exact) < 0.02)
            #expect(abs(qv.exactDot(q, i) - exact) < 0.01)
        }
    }
}

@Suite struct EvalTests {
    @Test func questionsWithSourceOrSources() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("q.jsonl")
        try """
        {"id": "a", "question": "damped least squares", "sources": ["kinematics/02-inverse.md"]}
        {"id": "b", "question": "laser pulses distance", "source": "sensors/lidar.md"}

        {"id": "c", "question": "create_publisher topic", "sources": ["nope.md", "ros/publisher.md"]}
        {"id": "d", "question": "stance swing double support gait", "source": "locomotion/balance.md"}
        """.write(to: url, atomically: true, encoding: .utf8)
        let qs = try RetrievalEval.loadQuestions(url)
        #expect(qs.map(\.sources.count) == [1, 1, 2, 1])
        let (_, data) = try fixtureIndex()
        let index = SearchIndex(contents: try IndexReader.parse(data))
        let report = try RetrievalEval.run(index: index, questions: qs) { TestEmbedder.vector($0) }
        #expect(report.questions == 4)
        // Floor for the fixture book with the test embedder (measured: all at rank 1).
        #expect(report.recallAt1 >= 0.75)
        #expect(report.recallAt5 == 1)
        #expect(report.mrrAt10 >= 0.85)
        #expect(report.json().hasPrefix(#"{"recall@1": "#))
        #expect(report.json().contains(#""questions": 4}"#))

        try "{\"id\": \"x\", \"question\": \"no source\"}\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: Error.self) { try RetrievalEval.loadQuestions(url) }
    }
}
