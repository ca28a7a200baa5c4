import Foundation
import QuireSupport
import Testing
@testable import QuireIndex

func fixtureIndex(compress: Bool = true) throws -> (IndexContents, Data) {
    let builder = IndexBuilder(embedder: TestEmbedder(), bookTitle: "Fixture Book")
    let (contents, _) = try builder.buildContents(pages: fixtureBook())
    return (contents, IndexWriter(contents: contents, allowCompression: compress).data())
}

@Suite struct IndexFileTests {
    @Test func roundTrip() throws {
        for compress in [true, false] {
            let (contents, data) = try fixtureIndex(compress: compress)
            let back = try IndexReader.parse(data)
            #expect(back == contents)
            #expect(back.metadata.embedderID == "test-embedder")
            #expect(back.metadata.chunkCount == contents.chunks.count)
        }
    }

    @Test func writesAtomicallyAndReadsFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-idx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (contents, _) = try fixtureIndex()
        let url = dir.appendingPathComponent("index.qidx")
        try IndexWriter(contents: contents).write(to: url)
        #expect(try IndexReader.read(contentsOf: url) == contents)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["index.qidx"])
    }

    func error(_ data: Data, model: String? = nil) -> QuireError? {
        do { _ = try IndexReader.parse(data, expectedModelHash: model); return nil } catch let e as QuireError { return e } catch { return QuireError(.indexFormat, "\(error)") }
    }

    @Test func clearErrors() throws {
        let (_, data) = try fixtureIndex()
        var bad = data
        bad[0] = 0x50
        #expect(error(bad)?.code == .indexFormat)
        #expect(error(bad)?.message.contains("magic") == true)

        bad = data
        bad[8] = 2  // version 2
        #expect(error(bad)?.code == .indexVersion)
        #expect(error(bad)?.message.contains("newer") == true)

        bad = data
        bad[data.count - 10] ^= 0x01
        #expect(error(bad)?.code == .indexCRC)

        #expect(error(data.prefix(data.count - 1))?.code == .indexTruncated)
        #expect(error(data.prefix(10))?.code == .indexTruncated)
        #expect(error(Data())?.code == .indexTruncated)
        #expect(error(Data("hello world, this is not an index".utf8))?.code == .indexFormat)

        let e = error(data, model: "other-model")
        #expect(e?.code == .indexModel)
        #expect(e?.message.contains("test-model-1") == true)
        #expect(error(data, model: "test-model-1") == nil)
    }

    @Test func missingFile() {
        #expect(throws: QuireError.self) { try IndexReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/index.qidx")) }
    }

    /// Flips and truncations anywhere in a real index: always a thrown error, never a crash.
    @Test func fuzzFlipsAndTruncations() throws {
        let (_, data) = try fixtureIndex()
        var rng = SplitMix(seed: 42)
        var thrown = 0
        for i in 0..<3000 {
            var bad = data
            if i % 3 == 0 {
                bad = data.prefix(Int(rng.next() % UInt64(data.count)))
            } else {
                let pos = i < 600 ? i % data.count : Int(rng.next() % UInt64(data.count))
                bad[pos] ^= UInt8(1 << (rng.next() % 8))
            }
            if error(bad) != nil { thrown += 1 }
        }
        #expect(thrown == 3000)
    }

    /// Corruption behind valid CRCs (an attacker, or a bug in a writer) reaches the section
    /// decoders: they may accept or throw, but must never crash or read out of bounds.
    @Test func fuzzDecodersBehindValidChecksums() throws {
        let (_, data) = try fixtureIndex(compress: false)
        let (_, entries) = try IndexReader.sectionTable(data)
        var rng = SplitMix(seed: 7)
        var thrown = 0
        for i in 0..<3000 {
            let e = entries[i % entries.count]
            guard e.length > 0 else { continue }
            var bad = [UInt8](data)
            let start = Int(e.offset)
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let pos = start + Int(rng.next() % e.length)
                bad[pos] = UInt8(truncatingIfNeeded: rng.next())
            }
            bad = refreshChecksums(bad, entries)
            if error(Data(bad)) != nil { thrown += 1 }
        }
        #expect(thrown > 500)
    }

    func refreshChecksums(_ bytes: [UInt8], _ entries: [SectionEntry]) -> [UInt8] {
        var b = bytes
        for (k, e) in entries.enumerated() {
            let crc = Zlib.crc32(Data(b[Int(e.offset)..<Int(e.offset + e.length)]))
            let at = IndexFormat.headerSize + k * IndexFormat.sectionEntrySize + 32
            for j in 0..<4 { b[at + j] = UInt8((crc >> (8 * UInt32(j))) & 0xff) }
        }
        var header = Data(b[0..<16])
        header.append(contentsOf: b[IndexFormat.headerSize..<(IndexFormat.headerSize + entries.count * IndexFormat.sectionEntrySize)])
        let crc = Zlib.crc32(header)
        for j in 0..<4 { b[16 + j] = UInt8((crc >> (8 * UInt32(j))) & 0xff) }
        return b
    }

    @Test func sizeIsCompact() throws {
        let (contents, data) = try fixtureIndex()
        let (_, entries) = try IndexReader.sectionTable(data)
        #expect(entries.count == 8)
        #expect(entries.first { $0.name == "text" }?.compressed == true)
        #expect(data.count < 64 + contents.chunks.count * 400 + 8000)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
