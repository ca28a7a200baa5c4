import Foundation
import QuireSupport

/// Reads and validates `index.qidx` files. Nothing in the file is trusted: the header CRC,
/// every section's bounds and CRC, every decompressed length, every count, offset and id
/// are checked before use, and any problem is a `QuireError` (codes `index-missing`,
/// `index-format`, `index-version`, `index-truncated`, `index-crc`, `index-corrupt`,
/// `index-model`) whose message says what is wrong and how to fix it.
public enum IndexReader {
    /// Reads the whole file at `url`. With `expectedModelHash`, an index built with another
    /// model is refused (its vectors would be meaningless for our query embeddings).
    public static func read(contentsOf url: URL, expectedModelHash: String? = nil) throws -> IndexContents {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw QuireError(.indexMissing, "cannot read the index: \(error.localizedDescription); build it with `quire build`", file: url.path)
        }
        do {
            return try parse(data, expectedModelHash: expectedModelHash)
        } catch var e as QuireError {
            if e.file == nil { e.file = url.path }
            throw e
        }
    }

    /// The header's section table, validated (bounds, CRC of the header), sections not read.
    public static func sectionTable(_ data: Data) throws -> (version: UInt32, sections: [SectionEntry]) {
        let bytes = [UInt8](data)
        return try table(bytes)
    }

    public static func parse(_ data: Data, expectedModelHash: String? = nil) throws -> IndexContents {
        let bytes = [UInt8](data)
        let (_, entries) = try table(bytes)
        var raw: [IndexFormat.Section: [UInt8]] = [:]
        for e in entries {
            guard let kind = IndexFormat.Section(rawValue: e.kind) else { continue }  // unknown sections are skipped
            guard raw[kind] == nil else { throw QuireError(.indexFormat, "section \(kind.name) appears twice; rebuild the index with `quire build`") }
            raw[kind] = try sectionBytes(bytes, e)
        }
        for kind in IndexFormat.Section.allCases where raw[kind] == nil {
            throw QuireError(.indexFormat, "section \(kind.name) is missing; rebuild the index with `quire build`")
        }

        let metadata: IndexMetadata
        do {
            metadata = try JSONDecoder().decode(IndexMetadata.self, from: Data(raw[.metadata]!))
        } catch {
            throw QuireError(.indexCorrupt, "index metadata is not valid JSON (\(error)); rebuild the index with `quire build`")
        }
        if let expected = expectedModelHash, expected != metadata.modelHash {
            throw QuireError(.indexModel, "the index was built with model \(metadata.embedderID) (hash \(metadata.modelHash)) but this quire uses model hash \(expected); rebuild the index with this model (`quire build`) or point --model at the model it was built with")
        }
        guard metadata.dimensions > 0, metadata.dimensions <= 65_536 else {
            throw QuireError(.indexCorrupt, "index metadata has \(metadata.dimensions) dimensions")
        }

        let pages = try decodePages(raw[.pages]!)
        let chunks = try decodeChunks(raw[.chunks]!, text: raw[.text]!, pageCount: pages.count)
        let vectors = try decodeVectors(raw[.vectors]!, chunkCount: chunks.count, dimensions: metadata.dimensions)
        let lexical = try LexicalIndex.decode(lexicon: raw[.lexicon]!, postings: raw[.postings]!,
                                              lengths: raw[.chunkLengths]!, chunkCount: chunks.count)
        guard metadata.pageCount == pages.count, metadata.chunkCount == chunks.count,
              metadata.termCount == lexical.terms.count, metadata.postingCount == lexical.postingCount else {
            throw QuireError(.indexCorrupt, "index metadata counts (\(metadata.pageCount) pages, \(metadata.chunkCount) chunks, \(metadata.termCount) terms) do not match its sections (\(pages.count), \(chunks.count), \(lexical.terms.count)); rebuild the index with `quire build`")
        }
        return IndexContents(metadata: metadata, pages: pages, chunks: chunks, vectors: vectors, lexical: lexical)
    }

    // MARK: header

    static func table(_ bytes: [UInt8]) throws -> (UInt32, [SectionEntry]) {
        guard bytes.count >= IndexFormat.headerSize else {
            if bytes.count >= 8, Array(bytes[0..<8]) != IndexFormat.magic {
                throw QuireError(.indexFormat, "not a Quire index (wrong magic bytes); expected a file written by `quire build`")
            }
            throw QuireError(.indexTruncated, "index file is truncated (\(bytes.count) bytes, header needs \(IndexFormat.headerSize)); rebuild it with `quire build`")
        }
        guard Array(bytes[0..<8]) == IndexFormat.magic else {
            throw QuireError(.indexFormat, "not a Quire index (wrong magic bytes); expected a file written by `quire build`")
        }
        var r = ByteReader(bytes, section: "header")
        _ = try r.take(8)
        let version = try r.u32()
        guard version != 0 else { throw QuireError(.indexFormat, "index format version 0 is invalid; rebuild the index with `quire build`") }
        guard version <= IndexFormat.version else {
            throw QuireError(.indexVersion, "index format version \(version) is newer than this quire reads (\(IndexFormat.version)); upgrade quire or rebuild the index with this version")
        }
        let count = Int(try r.u32())
        let storedCRC = try r.u32()
        guard try r.u32() == 0 else {
            throw QuireError(.indexFormat, "index header has non-zero reserved bytes: the file is damaged or from a newer quire")
        }
        guard count >= 1, count <= IndexFormat.maxSections else {
            throw QuireError(.indexCorrupt, "index header lists \(count) sections (1...\(IndexFormat.maxSections) allowed); rebuild the index with `quire build`")
        }
        let tableEnd = IndexFormat.headerSize + count * IndexFormat.sectionEntrySize
        guard tableEnd <= bytes.count else {
            throw QuireError(.indexTruncated, "index file is truncated inside its section table (\(bytes.count) bytes, table ends at \(tableEnd)); rebuild it with `quire build`")
        }
        var crcInput = Data(bytes[0..<16])
        crcInput.append(contentsOf: bytes[IndexFormat.headerSize..<tableEnd])
        guard Zlib.crc32(crcInput) == storedCRC else {
            throw QuireError(.indexCRC, "index header checksum mismatch: the file is damaged; rebuild it with `quire build`")
        }
        var entries: [SectionEntry] = []
        for _ in 0..<count {
            let e = SectionEntry(kind: try r.u32(), flags: try r.u32(), offset: try r.u64(), length: try r.u64(),
                                 uncompressedLength: try r.u64(), crc32: try { let c = try r.u32(); _ = try r.u32(); return c }())
            let name = e.name
            guard e.offset >= UInt64(tableEnd), e.offset <= UInt64(bytes.count),
                  e.length <= UInt64(bytes.count) - e.offset else {
                if e.offset >= UInt64(tableEnd), e.offset <= UInt64(Int.max), e.length <= UInt64(Int.max),
                   e.offset + e.length > UInt64(bytes.count), e.offset + e.length >= e.offset {
                    throw QuireError(.indexTruncated, "index file is truncated: section \(name) ends at byte \(e.offset + e.length) but the file has \(bytes.count); rebuild it with `quire build`")
                }
                throw QuireError(.indexCorrupt, "section \(name) has an offset out of bounds (\(e.offset)+\(e.length) in a \(bytes.count)-byte file); rebuild the index with `quire build`")
            }
            guard e.uncompressedLength <= UInt64(IndexFormat.maxSectionSize) else {
                throw QuireError(.indexCorrupt, "section \(name) claims \(e.uncompressedLength) bytes uncompressed; rebuild the index with `quire build`")
            }
            guard e.flags & ~IndexFormat.flagZlib == 0 else {
                throw QuireError(.indexFormat, "section \(name) uses unknown flags \(e.flags); upgrade quire or rebuild the index")
            }
            entries.append(e)
        }
        return (version, entries)
    }

    static func sectionBytes(_ bytes: [UInt8], _ e: SectionEntry) throws -> [UInt8] {
        let start = Int(e.offset)
        let stored = Array(bytes[start..<start + Int(e.length)])
        guard Zlib.crc32(Data(stored)) == e.crc32 else {
            throw QuireError(.indexCRC, "section \(e.name) checksum mismatch: the file is damaged; rebuild it with `quire build`")
        }
        if e.compressed {
            do {
                return [UInt8](try Zlib.decompress(Data(stored), expectedSize: Int(e.uncompressedLength)))
            } catch {
                throw QuireError(.indexCorrupt, "section \(e.name) does not decompress (\(error)); rebuild the index with `quire build`")
            }
        }
        guard e.uncompressedLength == e.length else {
            throw QuireError(.indexCorrupt, "section \(e.name) is stored uncompressed but its lengths differ (\(e.length) vs \(e.uncompressedLength))")
        }
        return stored
    }

    // MARK: sections

    static func decodePages(_ bytes: [UInt8]) throws -> [IndexedPage] {
        var r = ByteReader(bytes, section: "pages")
        let n = try r.varint(max: bytes.count)
        var pages: [IndexedPage] = []
        pages.reserveCapacity(n)
        for _ in 0..<n {
            pages.append(IndexedPage(source: try r.string(), url: try r.string(), title: try r.string(), description: try r.string()))
        }
        guard r.isAtEnd else { throw r.corrupt("\(r.remaining) bytes after the last page") }
        return pages
    }

    static func decodeChunks(_ bytes: [UInt8], text: [UInt8], pageCount: Int) throws -> [Chunk] {
        var r = ByteReader(bytes, section: "chunks")
        let n = try r.varint(max: bytes.count)
        var chunks: [Chunk] = []
        chunks.reserveCapacity(n)
        for _ in 0..<n {
            let page = try r.varint(max: max(0, pageCount - 1))
            guard pageCount > 0 else { throw r.corrupt("chunk without pages") }
            let hc = try r.varint(max: 64)
            var headings: [String] = []
            for _ in 0..<hc { headings.append(try r.string()) }
            let anchor = try r.string()
            let offset = try r.varint(max: text.count)
            let length = try r.varint(max: text.count - offset)
            guard let s = String(validating: text[offset..<offset + length], as: UTF8.self) else {
                throw r.corrupt("chunk text is not UTF-8")
            }
            chunks.append(Chunk(page: page, headings: headings, anchor: anchor.isEmpty ? nil : anchor, text: s))
        }
        guard r.isAtEnd else { throw r.corrupt("\(r.remaining) bytes after the last chunk") }
        return chunks
    }

    static func decodeVectors(_ bytes: [UInt8], chunkCount: Int, dimensions: Int) throws -> QuantizedVectors {
        var r = ByteReader(bytes, section: "vectors")
        let dims = Int(try r.u32())
        let count = Int(try r.u32())
        guard dims == dimensions else { throw r.corrupt("\(dims) dimensions, metadata says \(dimensions)") }
        guard count == chunkCount else { throw r.corrupt("\(count) vectors for \(chunkCount) chunks") }
        guard r.remaining == count * 4 + count * dims else { throw r.corrupt("length \(bytes.count) does not fit \(count)×\(dims)") }
        var scales: [Float] = []
        scales.reserveCapacity(count)
        for _ in 0..<count {
            let s = try r.f32()
            guard s.isFinite, s >= 0 else { throw r.corrupt("vector scale \(s)") }
            scales.append(s)
        }
        let values = try r.take(count * dims).map { Int8(bitPattern: $0) }
        return QuantizedVectors(dimensions: dims, scales: scales, values: values)
    }
}
