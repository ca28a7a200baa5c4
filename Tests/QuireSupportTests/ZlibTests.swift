import Foundation
import Testing
@testable import QuireSupport

@Suite struct ZlibTests {
    @Test func crc32KnownValue() {
        #expect(Zlib.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(Zlib.crc32(Data()) == 0)
    }

    @Test func roundTrip() throws {
        let text = Data(String(repeating: "robot arm joint ", count: 500).utf8)
        let z = Zlib.compress(text)
        #expect(z.count < text.count / 10)
        #expect(try Zlib.decompress(z, expectedSize: text.count) == text)
        let g = Zlib.gzip(text)
        #expect(g.prefix(2) == Data([0x1f, 0x8b]))
        #expect(try Zlib.decompress(g, expectedSize: text.count, gzip: true) == text)
    }

    @Test func corruptDataIsAnErrorNotACrash() {
        let text = Data(String(repeating: "abc", count: 100).utf8)
        var z = Zlib.compress(text)
        z[z.count / 2] ^= 0xff
        #expect(throws: QuireError.self) { try Zlib.decompress(z, expectedSize: text.count) }
        #expect(throws: QuireError.self) { try Zlib.decompress(Zlib.compress(text), expectedSize: text.count - 1) }
        #expect(throws: QuireError.self) { try Zlib.decompress(Data([1, 2, 3]), expectedSize: 10) }
    }

    @Test func atomicWriteReplacesWholeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-atomic-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("a/b.txt")
        try AtomicFile.write("one", to: f)
        try AtomicFile.write("two", to: f)
        #expect(try String(contentsOf: f, encoding: .utf8) == "two")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: f.deletingLastPathComponent().path)
        #expect(leftovers == ["b.txt"])
    }

    @Test func stableHashIsStable() {
        #expect(StableHash.hex(bytes: [UInt8]()) == "cbf29ce484222325")
        #expect(StableHash.hex(bytes: Array("a".utf8)) == "af63dc4c8601ec8c")
        #expect(StableHash.hex("abc") == StableHash.hex("abc"))
        #expect(StableHash.hex("abc") != StableHash.hex("abd"))
        #expect(StableHash.hex("abc").count == 16)
    }
}
