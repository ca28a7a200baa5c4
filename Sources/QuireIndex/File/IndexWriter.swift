import Foundation
import QuireSupport

/// Serializes `IndexContents` to the `index.qidx` format (docs/index-format.md).
///
/// Each section is zlib-compressed when that saves at least 10 %; the section table records
/// the stored and uncompressed lengths and the CRC-32 of the stored bytes.
public struct IndexWriter: Sendable {
    public var contents: IndexContents
    /// Off in tests that fuzz the decoders behind the CRCs.
    public var allowCompression: Bool

    public init(contents: IndexContents, allowCompression: Bool = true) {
        self.contents = contents
        self.allowCompression = allowCompression
    }

    /// Writes atomically (temporary file + rename): readers never see half a file.
    public func write(to url: URL) throws {
        try AtomicFile.write(data(), to: url)
    }

    public func data() -> Data {
        let sections = encodeSections()
        var table: [(kind: UInt32, flags: UInt32, stored: [UInt8], uncompressed: Int)] = []
        for (kind, raw) in sections {
            if allowCompression, raw.count >= 64 {
                let z = [UInt8](Zlib.compress(Data(raw), level: 9))
                if z.count * 10 <= raw.count * 9 {
                    table.append((kind.rawValue, IndexFormat.flagZlib, z, raw.count))
                    continue
                }
            }
            table.append((kind.rawValue, 0, raw, raw.count))
        }
        var offset = IndexFormat.headerSize + IndexFormat.sectionEntrySize * table.count
        var entries = ByteWriter()
        for s in table {
            entries.u32(s.kind)
            entries.u32(s.flags)
            entries.u64(UInt64(offset))
            entries.u64(UInt64(s.stored.count))
            entries.u64(UInt64(s.uncompressed))
            entries.u32(Zlib.crc32(Data(s.stored)))
            entries.u32(0)
            offset += s.stored.count
        }
        var header = ByteWriter()
        header.raw(IndexFormat.magic)
        header.u32(IndexFormat.version)
        header.u32(UInt32(table.count))
        var crcInput = Data(header.bytes)
        crcInput.append(contentsOf: entries.bytes)
        header.u32(Zlib.crc32(crcInput))
        header.u32(0)
        var out = Data(header.bytes)
        out.append(contentsOf: entries.bytes)
        for s in table { out.append(contentsOf: s.stored) }
        return out
    }

    func encodeSections() -> [(IndexFormat.Section, [UInt8])] {
        let c = contents
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let meta = (try? encoder.encode(c.metadata)) ?? Data("{}".utf8)

        var pages = ByteWriter()
        pages.varint(c.pages.count)
        for p in c.pages {
            pages.string(p.source)
            pages.string(p.url)
            pages.string(p.title)
            pages.string(p.description)
        }

        var chunks = ByteWriter()
        var text = ByteWriter()
        chunks.varint(c.chunks.count)
        for ch in c.chunks {
            chunks.varint(ch.page)
            chunks.varint(ch.headings.count)
            for h in ch.headings { chunks.string(h) }
            chunks.string(ch.anchor ?? "")
            chunks.varint(text.bytes.count)
            chunks.varint(ch.text.utf8.count)
            text.raw(ch.text.utf8)
        }

        var vectors = ByteWriter()
        vectors.u32(UInt32(c.vectors.dimensions))
        vectors.u32(UInt32(c.vectors.count))
        for s in c.vectors.scales { vectors.f32(s) }
        vectors.bytes.append(contentsOf: c.vectors.values.map { UInt8(bitPattern: $0) })

        let (lexicon, postings, lengths) = c.lexical.encode()
        return [
            (.metadata, [UInt8](meta)),
            (.pages, pages.bytes),
            (.chunks, chunks.bytes),
            (.text, text.bytes),
            (.vectors, vectors.bytes),
            (.lexicon, lexicon),
            (.postings, postings),
            (.chunkLengths, lengths),
        ]
    }
}
