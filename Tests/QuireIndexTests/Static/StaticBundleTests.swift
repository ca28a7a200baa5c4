import Foundation
import QuireSupport
import Testing
@testable import QuireIndex

/// Decodes a bundle the way the browser does (templates/assets/js/30-search-core.js), to check
/// the writer against the index it came from.
struct DecodedBundle {
    var manifest: [String: Any]
    var files: [String: Data]
    var postings: [String: (docs: [Int], weights: [UInt8])] = [:]
    var shardFirsts: [String] = []

    init(_ list: [StaticBundleFile]) throws {
        files = Dictionary(uniqueKeysWithValues: list.map { ($0.path, $0.data) })
        let m = try #require(files["search-bundle/manifest.json"])
        let json = try JSONSerialization.jsonObject(with: m)
        manifest = try #require(json as? [String: Any])
        for entry in try #require(manifest["postings"] as? [[Any]]) {
            let first = try #require(entry[0] as? String), name = try #require(entry[1] as? String)
            shardFirsts.append(first)
            let shard = try #require(files["search-bundle/" + name])
            var r = ByteReader([UInt8](shard), section: name)
            var firstInShard: String?
            while r.remaining > 0 {
                let term = try r.string()
                if firstInShard == nil { firstInShard = term }
                let df = try r.varint(max: 1 << 30)
                var docs: [Int] = [], weights: [UInt8] = [], d = 0
                for _ in 0..<df {
                    d += try r.varint(max: 1 << 30)
                    docs.append(d)
                    weights.append(try r.u8())
                }
                #expect(postings[term] == nil, "term \(term) in two shards")
                postings[term] = (docs, weights)
            }
            #expect(firstInShard == nil || firstInShard == first, "shard \(name) is named by its first term")
        }
    }

    func file(_ key: String) throws -> Data {
        let name = try #require(manifest[key] as? String)
        return try #require(files["search-bundle/" + name])
    }

    /// Static BM25 of every chunk, as the browser computes it.
    func scores(_ terms: [String], chunks n: Int) throws -> [Float] {
        let bm = try #require(manifest["bm25"] as? [String: Any])
        let k1 = Float(try #require(bm["k1"] as? Double)), levels = Float(try #require(bm["weight_levels"] as? Int))
        var out = [Float](repeating: 0, count: n)
        for t in Set(terms) {
            guard let p = postings[t] else { continue }
            let df = Float(p.docs.count)
            let idf = logf(1 + (Float(n) - df + 0.5) / (df + 0.5))
            for (d, w) in zip(p.docs, p.weights) { out[d] += idf * Float(w) / levels * (k1 + 1) }
        }
        return out
    }
}

@Suite struct StaticBundleTests {
    let contents: IndexContents
    let files: [StaticBundleFile]
    let bundle: DecodedBundle

    init() throws {
        contents = try fixtureIndex().0
        files = StaticBundleWriter(contents: contents).files()
        bundle = try DecodedBundle(files)
    }

    @Test func postingsAreTheIndexsPostings() throws {
        let lex = contents.lexical
        #expect(bundle.postings.count == lex.terms.count)
        for (t, term) in lex.terms.enumerated() {
            let p = try #require(bundle.postings[term])
            #expect(p.docs == lex.docs[lex.start[t]..<lex.start[t + 1]].map(Int.init))
            #expect(p.weights.allSatisfy { $0 >= 1 })
        }
        #expect(bundle.shardFirsts == bundle.shardFirsts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(bundle.manifest["chunks"] as? Int == contents.chunks.count)
        #expect(bundle.manifest["format"] as? Int == StaticBundle.formatVersion)
        #expect(bundle.manifest["analyzer"] as? String == contents.metadata.analyzer)
    }

    /// The browser's BM25 from the quantized weights ranks chunks as the server's BM25 does.
    @Test func staticScoresMatchTheServersBM25() throws {
        let tokenizer = Tokenizer()
        for q in ["damped least squares singularities", "zero moment point support polygon", "Jacobian matrix pseudo-inverse",
                  "robot joint torque sensor", "how do I estimate the pose of a camera"] {
            let terms = tokenizer.terms(q)
            let exact = contents.lexical.scores(terms, parameters: contents.metadata.bm25)
            let approx = try bundle.scores(terms, chunks: contents.chunks.count)
            for (e, a) in zip(exact, approx) {
                #expect(abs(e - a) <= 0.01 * max(1, e), "\(q): \(e) vs \(a)")
            }
            let best = exact.indices.max { exact[$0] < exact[$1] }!
            let bestStatic = approx.indices.max { approx[$0] < approx[$1] }!
            #expect(exact[bestStatic] >= exact[best] * 0.99, "\(q)")
        }
    }

    @Test func pageTableGroupsChunksIntoSections() throws {
        let json = try JSONSerialization.jsonObject(with: try bundle.file("pages_file"))
        let obj = try #require(json as? [String: Any])
        let pages = try #require(obj["pages"] as? [[String]])
        #expect(pages.map { $0[0] } == contents.pages.map(\.source))
        #expect(pages.map { $0[1] } == contents.pages.map(\.url))
        let perPage = try #require(obj["page_sections"] as? [Int]), perSection = try #require(obj["section_chunks"] as? [Int])
        #expect(perPage.reduce(0, +) == perSection.count)
        #expect(perSection.reduce(0, +) == contents.chunks.count)
        // Every chunk's section has its page, anchor and headings.
        var c = 0, s = 0
        for (page, count) in perPage.enumerated() {
            for _ in 0..<count {
                let first = contents.chunks[c]
                for i in c..<(c + perSection[s]) {
                    #expect(contents.chunks[i].page == page)
                    #expect(contents.chunks[i].anchor == first.anchor && contents.chunks[i].headings == first.headings)
                }
                c += perSection[s]; s += 1
            }
        }
        // Texts: each section's anchor, headings and chunk texts, in order.
        var texts: [[Any]] = []
        for entry in try #require(bundle.manifest["texts"] as? [[Any]]) {
            #expect(entry[0] as? Int == texts.count)
            let name = try #require(entry[1] as? String)
            let data = try #require(bundle.files["search-bundle/" + name])
            let items = try JSONSerialization.jsonObject(with: data)
            texts += try #require(items as? [[Any]])
        }
        #expect(texts.count == perSection.count)
        let flat = texts.flatMap { ($0[2] as? [String]) ?? [] }
        #expect(flat == contents.chunks.map(\.text))
    }

    @Test func wordsMapSpellingsToTerms() throws {
        let text = String(decoding: try bundle.file("words"), as: UTF8.self)
        var map: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == 3)
            let w = f[0], spec = f[1]
            map[w] = spec.isEmpty ? w : (Int(spec).map { String(w.prefix($0)) } ?? spec)
            #expect((Int(f[2]) ?? 0) >= 1)
        }
        let tokenizer = Tokenizer()
        for (w, t) in map {
            #expect(tokenizer.term(w) == t, "\(w)")
            #expect(contents.lexical.termIDs[t] != nil, "\(w) → \(t) is an index term")
        }
        #expect(map["the"] == nil, "stop words are left out")
        #expect(map["singularities"] == "singular")
    }

    @Test func namesAreContentHashesAndDeterministic() throws {
        let again = StaticBundleWriter(contents: contents).files()
        #expect(again == files)
        for f in files where !f.path.hasSuffix("manifest.json") && f.path != StaticBundle.readyMarker {
            let name = f.path.split(separator: "/").last!.split(separator: ".")
            #expect(name.count == 3)
            #expect(String(name[1]) == String(StableHash.hex(bytes: f.data).prefix(12)))
        }
        let manifest = String(decoding: files.first { $0.path.hasSuffix("manifest.json") }!.data, as: UTF8.self)
        for f in files where f.path.hasPrefix("search-bundle/") && !f.path.hasSuffix("manifest.json") {
            #expect(manifest.contains(f.path.split(separator: "/").last!), "manifest names \(f.path)")
        }
        let ready = try #require(files.first { $0.path == "api/ready" })
        let readyJSON = try JSONSerialization.jsonObject(with: ready.data)
        let status = try #require(readyJSON as? [String: Any])
        #expect(status["status"] as? String == "static")
    }

    @Test func manyPagesMakeManySmallShards() throws {
        var pages: [IndexPage] = []
        for i in 0..<120 {
            pages.append(IndexPage(source: "p\(i).md", url: "/docs/p\(i)", title: "Page \(i) \(words(2, seed: i))",
                                   blocks: [h(2, "Part \(i)", "part-\(i)"), p(words(180, seed: i) + " unique\(i)word")]))
        }
        let (big, _) = try IndexBuilder(embedder: TestEmbedder(), bookTitle: "Big").buildContents(pages: pages)
        let list = StaticBundleWriter(contents: big).files()
        let decoded = try DecodedBundle(list)
        #expect(decoded.shardFirsts.count > 1)
        #expect(decoded.postings.count == big.lexical.terms.count)
        for f in list where f.path.contains("/post.") {
            // A shard passes the target only by its last term.
            #expect(f.data.count < StaticBundle.postingShardBytes + 8 * 1024)
        }
        #expect((decoded.manifest["texts"] as? [[Any]])?.count ?? 0 > 1)
    }

    @Test func writesFilesWithGzipBeside() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // A stale bundle is replaced, not merged.
        let stale = dir.appendingPathComponent("search-bundle/post.stale.bin")
        try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([1]).write(to: stale)
        let stats = try StaticBundleWriter(contents: contents).write(into: dir)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(stats.files == files.count)
        for f in files {
            let url = dir.appendingPathComponent(f.path)
            #expect(FileManager.default.contents(atPath: url.path) == f.data)
            let gz = FileManager.default.contents(atPath: url.path + ".gz")
            if f.data.count >= StaticBundleWriter.gzipThreshold {
                let packed = try #require(gz)
                #expect(try Zlib.decompress(packed, expectedSize: f.data.count, gzip: true) == f.data, "\(f.path).gz")
            } else {
                #expect(gz == nil)
            }
        }
        #expect(stats.compressedBytes < stats.bytes)
    }
}
