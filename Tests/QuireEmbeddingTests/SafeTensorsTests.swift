import Foundation
@testable import QuireEmbedding
import QuireSupport
import Testing

@Suite struct SafeTensorsTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("quire-st-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ bytes: [UInt8], _ name: String = "m.safetensors") throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func file(header: String, data: [UInt8]) -> [UInt8] {
        let h = Array(header.utf8)
        var out: [UInt8] = []
        var n = UInt64(h.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        return out + h + data
    }

    func expectCorrupt(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = try write(bytes)
        #expect(sourceLocation: sourceLocation) {
            _ = try SafeTensorsFile(url: url)
        } throws: { error in
            (error as? QuireError)?.code == .modelCorrupt
        }
    }

    @Test func readsAValidFile() throws {
        let floats: [Float] = [1, 2, 3, 4, 5, 6]
        let data = floats.withUnsafeBytes { Array($0) }
        let url = try write(file(header: #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#, data: data))
        let f = try SafeTensorsFile(url: url)
        #expect(f.metadata["format"] == "pt")
        let p = try f.floats("w", shape: [2, 3])
        #expect(Array(UnsafeBufferPointer(start: p, count: 6)) == floats)
        #expect(throws: QuireError.self) { try f.floats("w", shape: [3, 2]) }
        #expect(throws: QuireError.self) { try f.floats("missing", shape: [1]) }
    }

    @Test func unalignedDataIsCopied() throws {
        let floats: [Float] = [1.5, -2.5]
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[1,9]}}"#  // 1-byte offset
        let url = try write(file(header: header, data: [0] + floats.withUnsafeBytes { Array($0) }))
        let f = try SafeTensorsFile(url: url)
        let p = try f.floats("w", shape: [2])
        #expect(p[0] == 1.5 && p[1] == -2.5)
    }

    @Test func rejectsCorruptFiles() throws {
        let good = file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8))
        try expectCorrupt([])  // empty
        try expectCorrupt([1, 2, 3])  // shorter than the length field
        try expectCorrupt(Array(good.prefix(20)))  // truncated inside the header
        try expectCorrupt(Array(good.dropLast(4)))  // truncated inside the data
        try expectCorrupt([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] + good)  // absurd header length
        try expectCorrupt(file(header: "not json at all", data: []))
        try expectCorrupt(file(header: "[1,2,3]", data: []))
        try expectCorrupt(file(header: #"{"w":{"dtype":"F99","shape":[2],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
        try expectCorrupt(file(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
        try expectCorrupt(file(header: #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
        try expectCorrupt(file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: [UInt8](repeating: 0, count: 8)))
        try expectCorrupt(file(header: #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
        try expectCorrupt(file(header: #"{"w":{"dtype":"F32","shape":[2]}}"#, data: [UInt8](repeating: 0, count: 8)))
        var garbage = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            try expectCorrupt((0..<Int.random(in: 9...300, using: &garbage)).map { _ in UInt8.random(in: 0...255, using: &garbage) })
        }
    }

    /// The real model, truncated and overwritten, through the public entry point.
    @Test func truncatedModelDirectoryGivesAnError() throws {
        let real = modelDirectory().appendingPathComponent("model.safetensors")
        guard let handle = try? FileHandle(forReadingFrom: real) else {
            Issue.record("model not available; run scripts/fetch-model.sh")
            return
        }
        let head = handle.readData(ofLength: 1_000_000)
        try handle.close()
        let modelDir = dir.appendingPathComponent("model", isDirectory: true)
        try FileManager.default.createDirectory(at: modelDir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: modelDirectory().appendingPathComponent("vocab.txt"),
                                         to: modelDir.appendingPathComponent("vocab.txt"))
        try head.write(to: modelDir.appendingPathComponent("model.safetensors"))
        #expect { _ = try MiniLMEmbedder(modelDirectory: modelDir) } throws: { error in
            guard let q = error as? QuireError else { return false }
            return q.code == .modelCorrupt && q.message.contains("fetch-model.sh")
        }
        var garbled = head
        garbled.replaceSubrange(8..<40, with: Data(repeating: 0x41, count: 32))
        try garbled.write(to: modelDir.appendingPathComponent("model.safetensors"))
        #expect(throws: QuireError.self) { _ = try MiniLMEmbedder(modelDirectory: modelDir) }
    }
}

@Suite struct KernelTests {
    @Test func expIsAccurate() {
        var worst: Double = 0
        var x: Float = -87
        while x <= 0 {
            let r = Double(fastExp(x)), e = Foundation.exp(Double(x))
            worst = max(worst, abs(r - e) / e)
            x += 0.0137
        }
        #expect(worst < 5e-7, "relative error \(worst)")
        #expect(fastExp(-1000) == 0 || fastExp(-1000) < 1e-37)
    }

    @Test func erfIsAccurate() {
        var worst: Double = 0
        var x: Float = -6
        while x <= 6 {
            worst = max(worst, abs(Double(fastErf(x)) - Foundation.erf(Double(x))))
            x += 0.00731
        }
        #expect(worst < 5e-7, "absolute error \(worst)")
    }
}
