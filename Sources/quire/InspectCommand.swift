import ArgumentParser
import Foundation
import QuireIndex
import QuireSupport

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Describe an index file.")
    @Argument(help: "Index file.") var file = "dist/index.qidx"

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        do {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw QuireError(.indexMissing, "cannot read the index: \(error.localizedDescription); build it with `quire build`", file: file)
            }
            let (version, sections) = try IndexReader.sectionTable(data)
            print("file        \(file)  (\(data.count) bytes)")
            print("format      version \(version)")
            print("sections")
            print("  kind            offset      stored  uncompressed  zlib  crc32")
            for s in sections {
                print("  " + pad(s.name, 14) + lpad(String(s.offset), 8) + lpad(String(s.length), 12)
                      + lpad(String(s.uncompressedLength), 14) + lpad(s.compressed ? "yes" : "no", 6)
                      + "  " + String(format: "%08x", s.crc32))
            }
            let contents: IndexContents
            do {
                contents = try IndexReader.parse(data)
            } catch {
                print("health      FAILED: \(error)")
                throw error
            }
            let m = contents.metadata
            print("book        \(m.bookTitle)")
            print("built       \(m.buildTime)")
            print("model       \(m.embedderID)  hash \(m.modelHash)  \(m.dimensions) dims")
            print("counts      \(m.pageCount) pages, \(m.chunkCount) chunks, \(m.termCount) terms, \(m.postingCount) postings")
            print("analyzer    \(m.analyzer)")
            print("chunker     max \(m.chunker.maxTokens) tokens, target \(m.chunker.targetTokens), merge below \(m.chunker.minTokens), overlap ≤ \(m.chunker.overlapTokens)")
            print(String(format: "bm25        k1 %.2f, b %.2f, heading weight %.2f, title weight %.2f", m.bm25.k1, m.bm25.b, m.bm25.headingWeight, m.bm25.titleWeight))
            if m.chunkCount > 0 {
                let textStored = sections.first { $0.name == "text" }.map { Int($0.length) } ?? 0
                let words = contents.chunks.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
                print(String(format: "per chunk   %.0f bytes in all, %.0f beyond the compressed text, %.0f words of text",
                             Double(data.count) / Double(m.chunkCount), Double(data.count - textStored) / Double(m.chunkCount),
                             Double(words) / Double(m.chunkCount)))
                for s in sections {
                    print("  " + pad(s.name, 14) + lpad(String(format: "%.1f", Double(s.length) / Double(m.chunkCount)), 8) + " bytes/chunk")
                }
            }
            let orphanPages = Set(0..<contents.pages.count).subtracting(contents.chunks.map(\.page)).count
            print("health      ok: header and \(sections.count) section checksums match, every offset and id in bounds"
                  + (orphanPages > 0 ? "; \(orphanPages) page(s) without text" : ""))
        } catch var e as QuireError {
            if e.file == nil { e.file = file }
            throw fail(e)
        } catch {
            throw fail(error)
        }
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    private func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
}
