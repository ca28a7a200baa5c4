import Foundation
import QuireSupport

/// Turns the contents of an index into the files of the static search bundle
/// (`StaticBundle`). Pure: the caller writes the files (and their `.gz`) where it wants.
///
///     let files = StaticBundleWriter(contents: contents).files()
///     for f in files { try write(f.data, to: staging.appendingPathComponent(f.path)) }
public struct StaticBundleWriter: Sendable {
    public let contents: IndexContents
    let sections: [StaticSection]

    public init(contents: IndexContents) {
        self.contents = contents
        self.sections = StaticSection.group(contents.chunks)
    }

    /// All files, the manifest last (so a reader never sees a manifest naming missing files
    /// when they are written in order).
    public func files() -> [StaticBundleFile] {
        var out: [StaticBundleFile] = []
        func add(_ stem: String, _ ext: String, _ data: Data) -> String {
            let name = "\(stem).\(String(StableHash.hex(bytes: data).prefix(12))).\(ext)"
            out.append(StaticBundleFile(path: StaticBundle.folder + "/" + name, data: data))
            return name
        }
        let words = add("words", "txt", surfaceWords())
        let pages = add("pages", "json", pageTable())
        let postingShards = postingShards().map { (first: $0.first, file: add("post", "bin", $0.data)) }
        let textShards = textShards().map { (start: $0.start, file: add("text", "json", $0.data)) }

        let m = contents.metadata
        let bm = m.bm25
        var j = "{\n  \"format\": \(StaticBundle.formatVersion),\n"
        j += "  \"analyzer\": \(JSONText.string(m.analyzer)),\n"
        j += "  \"book\": \(JSONText.string(m.bookTitle)),\n"
        j += "  \"chunks\": \(contents.chunks.count), \"sections\": \(sections.count), \"pages\": \(contents.pages.count), \"terms\": \(contents.lexical.terms.count),\n"
        j += "  \"bm25\": {\"k1\": \(bm.k1), \"b\": \(bm.b), \"heading_weight\": \(bm.headingWeight), \"title_weight\": \(bm.titleWeight), \"weight_levels\": \(StaticBundle.weightLevels)},\n"
        j += "  \"words\": \(JSONText.string(words)),\n  \"pages_file\": \(JSONText.string(pages)),\n"
        j += "  \"postings\": [" + postingShards.map { "[\(JSONText.string($0.first)), \(JSONText.string($0.file))]" }.joined(separator: ", ") + "],\n"
        j += "  \"texts\": [" + textShards.map { "[\($0.start), \(JSONText.string($0.file))]" }.joined(separator: ", ") + "]\n}\n"
        out.append(StaticBundleFile(path: StaticBundle.folder + "/" + StaticBundle.manifestName, data: Data(j.utf8)))
        out.append(StaticBundleFile(path: StaticBundle.readyMarker, data: Data(StaticBundle.readyMarkerJSON.utf8)))
        return out
    }

    /// The book's words as readers spell them, for typo correction and prefix matching in
    /// the browser: one line per distinct lowercase word (sorted by UTF-8 bytes) that the
    /// analyzer keeps, `word<TAB>term<TAB>count`, where `term` is empty when it equals the word
    /// and a number n when it is the word's first n characters; `count` is how often the word
    /// occurs in chunk texts, headings and titles.
    func surfaceWords() -> Data {
        let tokenizer = Tokenizer()
        var counts: [String: Int] = [:]
        var termOf: [String: String] = [:]
        func scan(_ text: String) {
            tokenizer.words(text) { w in
                if let c = counts[w] { counts[w] = c + 1; return }
                guard let t = tokenizer.term(w), contents.lexical.termIDs[t] != nil else { return }
                counts[w] = 1
                termOf[w] = t
            }
        }
        for c in contents.chunks {
            scan(c.text)
            for h in c.headings { scan(h) }
        }
        for p in contents.pages { scan(p.title) }
        var s = ""
        for w in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard !w.contains("\t"), !w.contains("\n") else { continue }
            let t = termOf[w]!
            let spec: String
            if t == w { spec = "" } else if w.hasPrefix(t) { spec = String(t.count) } else { spec = t }
            s += "\(w)\t\(spec)\t\(counts[w]!)\n"
        }
        return Data(s.utf8)
    }

    /// `{"pages": [[source, url, title], ...], "page_sections": [n, ...], "section_chunks": [n, ...]}`:
    /// sections of page p follow those of page p-1; chunks of section s follow those of s-1.
    func pageTable() -> Data {
        var perPage = [Int](repeating: 0, count: contents.pages.count)
        for s in sections { perPage[s.page] += 1 }
        var j = "{\"pages\": ["
        j += contents.pages.map { "[\(JSONText.string($0.source)), \(JSONText.string($0.url)), \(JSONText.string($0.title))]" }.joined(separator: ",\n")
        j += "],\n\"page_sections\": [" + perPage.map(String.init).joined(separator: ",") + "],\n"
        j += "\"section_chunks\": [" + sections.map { String($0.chunks.count) }.joined(separator: ",") + "]}\n"
        return Data(j.utf8)
    }

    /// Postings shards, named by their first term: for each term of the shard, in order,
    /// the term (varint UTF-8 length, bytes), varint df, then per chunk
    /// varint (chunk − previous chunk) and one weight byte. The weight is the term's
    /// saturated BM25F frequency in that chunk, exactly as `LexicalIndex.scores` computes it.
    func postingShards() -> [(first: String, data: Data)] {
        let lex = contents.lexical
        let p = contents.metadata.bm25
        let n = lex.lengths.count
        let total = lex.lengths.reduce(0) { $0 + Int($1) }
        let avg = max(1, Float(total) / Float(max(1, n)))
        var shards: [(first: String, data: Data)] = []
        var w = ByteWriter()
        var shardStart = 0
        for t in lex.terms.indices {
            if !w.bytes.isEmpty, w.bytes.count >= StaticBundle.postingShardBytes {
                shards.append((lex.terms[shardStart], Data(w.bytes)))
                w = ByteWriter()
                shardStart = t
            }
            w.string(lex.terms[t])
            w.varint(lex.start[t + 1] - lex.start[t])
            var previous = 0
            for i in lex.start[t]..<lex.start[t + 1] {
                let d = Int(lex.docs[i])
                let bits = lex.packed[i]
                let norm = 1 - p.b + p.b * Float(lex.lengths[d]) / avg
                var tf = Float(bits >> 2) / norm
                if bits & 1 != 0 { tf += p.headingWeight }
                if bits & 2 != 0 { tf += p.titleWeight }
                let sat = tf * (p.k1 + 1) / (tf + p.k1)
                let q = (sat / (p.k1 + 1) * Float(StaticBundle.weightLevels)).rounded()
                w.varint(d - previous)
                w.u8(UInt8(max(1, min(Float(StaticBundle.weightLevels), q))))
                previous = d
            }
        }
        if !w.bytes.isEmpty || shards.isEmpty { shards.append((lex.terms.indices.contains(shardStart) ? lex.terms[shardStart] : "", Data(w.bytes))) }
        return shards
    }

    /// Text shards: `[[anchor or null, [heading, ...], [chunk text, ...]], ...]` for a range
    /// of sections, starting at the shard's first section.
    func textShards() -> [(start: Int, data: Data)] {
        var shards: [(start: Int, data: Data)] = []
        var items: [String] = []
        var size = 0
        var start = 0
        for (si, s) in sections.enumerated() {
            if !items.isEmpty, size >= StaticBundle.textShardBytes {
                shards.append((start, Data(("[" + items.joined(separator: ",\n") + "]\n").utf8)))
                items = []
                size = 0
                start = si
            }
            let first = contents.chunks[s.chunks.lowerBound]
            let anchor = first.anchor.map(JSONText.string) ?? "null"
            let heads = "[" + first.headings.map(JSONText.string).joined(separator: ", ") + "]"
            let texts = "[" + s.chunks.map { JSONText.string(contents.chunks[$0].text) }.joined(separator: ", ") + "]"
            let item = "[\(anchor), \(heads), \(texts)]"
            size += item.utf8.count
            items.append(item)
        }
        shards.append((start, Data(("[" + items.joined(separator: ",\n") + "]\n").utf8)))
        return shards
    }
}

/// Consecutive chunks of one page with the same anchor and heading path: what a result
/// collapses to.
struct StaticSection: Equatable {
    var page: Int
    var chunks: Range<Int>

    static func group(_ chunks: [Chunk]) -> [StaticSection] {
        var out: [StaticSection] = []
        for (i, c) in chunks.enumerated() {
            if let last = out.last, last.page == c.page,
               chunks[last.chunks.lowerBound].anchor == c.anchor, chunks[last.chunks.lowerBound].headings == c.headings {
                out[out.count - 1].chunks = last.chunks.lowerBound..<(i + 1)
            } else {
                out.append(StaticSection(page: c.page, chunks: i..<(i + 1)))
            }
        }
        return out
    }
}
