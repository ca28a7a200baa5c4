import Foundation
import QuireSupport

extension IndexBuilder {
    /// Vectors of an earlier index, by `vectorKey`, when that index can be trusted for this build:
    /// same format version, same model (file hash) and passage arithmetic (`embedderID`: "+int8"
    /// or not), same dimensions. Otherwise no vectors and a one-line notice saying why (an index
    /// from a CI cache or a live site may be from anything). `keyHash` salts the vector keys.
    public static func reusableVectors(from url: URL, modelHash: String, embedderID: String? = nil, keyHash: String? = nil,
                                       dimensions: Int)
        -> (vectors: [UInt64: (Float, [Int8])], notice: String?) {
        func refuse(_ why: String) -> ([UInt64: (Float, [Int8])], String?) {
            ([:], "not reusing vectors from \(url.path): \(why); every chunk is embedded")
        }
        guard FileManager.default.fileExists(atPath: url.path) else { return refuse("no such file") }
        let old: IndexContents
        do {
            old = try IndexReader.read(contentsOf: url)
        } catch let e as QuireError {
            return refuse(e.message)
        } catch {
            return refuse("\(error)")
        }
        let meta = old.metadata
        guard meta.formatVersion == Int(IndexFormat.version) else {
            return refuse("index format version \(meta.formatVersion), this quire writes \(IndexFormat.version)")
        }
        guard meta.modelHash == modelHash else {
            return refuse("built with another model (\(meta.embedderID), hash \(meta.modelHash.prefix(12))), this build uses hash \(modelHash.prefix(12))")
        }
        if let embedderID, meta.embedderID != embedderID {
            return refuse("its passages were encoded as \(meta.embedderID), this build encodes them as \(embedderID)")
        }
        guard old.vectors.dimensions == dimensions else {
            return refuse("\(old.vectors.dimensions)-dimensional vectors, this model makes \(dimensions)")
        }
        var known: [UInt64: (Float, [Int8])] = [:]
        known.reserveCapacity(old.chunks.count)
        for i in old.chunks.indices {
            let key = vectorKey(embeddedText: old.embeddedText(i), modelHash: keyHash ?? modelHash)
            let (s, v) = old.vectors.quantized(i)
            known[key] = (s, Array(v))
        }
        return (known, nil)
    }
}
