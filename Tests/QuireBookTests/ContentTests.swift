import Foundation
import Testing
@testable import QuireBook

/// The shipped textbook in content/: size and the evaluation questions.
@Suite struct ContentTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let docs = repo.appendingPathComponent("content/docs")

    static func words(_ body: String) -> Int {
        body.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count
    }

    @Test func bookIsBigEnough() throws {
        let cfg = try SiteConfig.load(from: Self.repo.appendingPathComponent("quire.yml"))
        let book = try BookLoader(config: cfg).load(root: Self.docs)
        #expect(book.pages.count >= 30)
        let total = book.pages.reduce(0) { $0 + Self.words($1.body) }
        #expect(total >= 35_000, "the book has \(total) words")
        for p in book.pages where !p.isCategoryIndex {
            #expect(Self.words(p.body) >= 600, "\(p.source) is short")
            #expect(p.frontMatter.title != nil && p.frontMatter.description != nil && !p.frontMatter.keywords.isEmpty
                    && p.frontMatter.sidebarPosition != nil, "\(p.source) lacks front matter")
        }
        // Every part folder has its _category_.json.
        let folders = Set(book.pages.map(\.directory)).subtracting(["."])
        for f in folders {
            #expect(FileManager.default.fileExists(atPath: Self.docs.appendingPathComponent(f + "/_category_.json").path), "\(f) has no _category_.json")
        }
    }

    struct Question: Decodable { var id: String; var question: String; var sources: [String]; var kind: String }

    @Test func questionsAreValid() throws {
        let text = try String(contentsOf: Self.repo.appendingPathComponent("content/eval/questions.jsonl"), encoding: .utf8)
        var ids = Set<String>()
        var pages = Set<String>()
        var kinds: [String: Int] = [:]
        var count = 0
        for (n, line) in text.split(separator: "\n").enumerated() {
            let q = try JSONDecoder().decode(Question.self, from: Data(line.utf8))
            count += 1
            #expect(ids.insert(q.id).inserted, "duplicate id \(q.id) on line \(n + 1)")
            #expect(!q.question.isEmpty && !q.sources.isEmpty)
            #expect(["paraphrase", "keyword", "conceptual", "howto"].contains(q.kind), "line \(n + 1): kind \(q.kind)")
            kinds[q.kind, default: 0] += 1
            for s in q.sources {
                #expect(FileManager.default.fileExists(atPath: Self.docs.appendingPathComponent(s).path), "line \(n + 1): \(s) does not exist")
                pages.insert(s)
            }
        }
        #expect(count >= 80)
        #expect(Double(kinds["paraphrase", default: 0]) >= 0.4 * Double(count))
        #expect(pages.count >= 25)
    }
}
