/// Lexicon and postings sections (docs/index-format.md).
extension LexicalIndex {
    /// Lexicon: term count, then per term: shared-prefix length with the previous term,
    /// suffix (string), posting count (df). Postings: per term, per posting: chunk delta
    /// (first: the chunk id) and the packed value, all varints. Chunk lengths: one varint each.
    func encode() -> (lexicon: [UInt8], postings: [UInt8], lengths: [UInt8]) {
        var lex = ByteWriter()
        var post = ByteWriter()
        lex.varint(terms.count)
        var previous: [UInt8] = []
        for (t, term) in terms.enumerated() {
            let bytes = Array(term.utf8)
            var shared = 0
            while shared < min(previous.count, bytes.count), previous[shared] == bytes[shared] { shared += 1 }
            // Never split a UTF-8 sequence: back up to a scalar boundary.
            while shared > 0, shared < bytes.count, bytes[shared] & 0xC0 == 0x80 { shared -= 1 }
            lex.varint(shared)
            lex.varint(bytes.count - shared)
            lex.raw(bytes[shared...])
            lex.varint(start[t + 1] - start[t])
            var last: UInt32 = 0
            for i in start[t]..<start[t + 1] {
                post.varint(UInt64(docs[i] - (i == start[t] ? 0 : last)))
                post.varint(UInt64(packed[i]))
                last = docs[i]
            }
            previous = bytes
        }
        var len = ByteWriter()
        for l in lengths { len.varint(UInt64(l)) }
        return (lex.bytes, post.bytes, len.bytes)
    }

    /// Decodes and validates: terms strictly increasing, chunk ids increasing and below
    /// `chunkCount`, every byte consumed.
    static func decode(lexicon: [UInt8], postings: [UInt8], lengths lengthBytes: [UInt8], chunkCount: Int) throws -> LexicalIndex {
        var lr = ByteReader(lengthBytes, section: "chunk-lengths")
        var lengths: [UInt32] = []
        lengths.reserveCapacity(chunkCount)
        for _ in 0..<chunkCount { lengths.append(UInt32(try lr.varint(max: Int(UInt32.max)))) }
        guard lr.isAtEnd else { throw lr.corrupt("\(lr.remaining) bytes after the last chunk length") }

        var r = ByteReader(lexicon, section: "lexicon")
        var p = ByteReader(postings, section: "postings")
        let termCount = try r.varint(max: lexicon.count)
        var terms: [String] = []
        terms.reserveCapacity(termCount)
        var start: [Int] = [0]
        start.reserveCapacity(termCount + 1)
        var docs: [UInt32] = []
        var packed: [UInt16] = []
        var previous: [UInt8] = []
        for _ in 0..<termCount {
            let shared = try r.varint(max: previous.count)
            let suffixLength = try r.varint(max: r.remaining)
            let bytes = Array(previous[0..<shared]) + Array(try r.take(suffixLength))
            guard let term = String(validating: bytes, as: UTF8.self), !bytes.isEmpty else { throw r.corrupt("term is not UTF-8") }
            guard previous.isEmpty || previous.lexicographicallyPrecedes(bytes) else { throw r.corrupt("terms out of order") }
            let df = try r.varint(max: chunkCount)
            guard df > 0 else { throw r.corrupt("term without postings") }
            var last = -1
            for i in 0..<df {
                let delta = try p.varint(max: chunkCount)
                let doc = i == 0 ? delta : last + delta
                guard doc < chunkCount, doc > last, i == 0 || delta > 0 else { throw p.corrupt("chunk id \(doc) out of order or out of range") }
                let value = try p.varint(max: Int(UInt16.max))
                docs.append(UInt32(doc))
                packed.append(UInt16(value))
                last = doc
            }
            terms.append(term)
            start.append(docs.count)
            previous = bytes
        }
        guard r.isAtEnd else { throw r.corrupt("\(r.remaining) bytes after the last term") }
        guard p.isAtEnd else { throw p.corrupt("\(p.remaining) bytes after the last posting") }
        return LexicalIndex(terms: terms, start: start, docs: docs, packed: packed, lengths: lengths)
    }
}
