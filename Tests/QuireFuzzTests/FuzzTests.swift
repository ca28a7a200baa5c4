import Foundation
import Testing
@testable import QuireBook
import QuireEmbedding
@testable import QuireIndex
import QuireMarkdown
import QuireSupport

/// The fuzz suite (`swift test --filter Fuzz`): every reader of untrusted input, fed mutated
/// fixtures for a few seconds each. See `Fuzzer` for what counts as a failure and where
/// failing inputs are kept. Serialized: the time and memory limits are per input.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FuzzTests {
    static let markdownSeeds = Fuzzer.fixtures("QuireMarkdownTests/Fixtures", extensions: [".md"])
        + Fuzzer.fixtures("QuireBookTests/Fixtures", extensions: [".md", ".mdx"])
        + Fuzzer.fixtures("QuireSiteTests/Fixtures", extensions: [".md", ".mdx"])
        + Fuzzer.fixtures("QuireCLITests/Fixtures", extensions: [".md", ".mdx"])

    static let markdownTokens = Fuzzer.tokens([
        "---\n", "\n---\n", ":::note ", ":::\n", ":::tip[Title]\n", "<Tabs>\n", "<TabItem value=\"a\" label=\"A\">\n", "</TabItem>\n", "</Tabs>\n",
        "import X from '@site/x';\n", "export const a = 1;\n", "{/* c */}", "{", "}", "<details><summary>s</summary>\n", "</details>\n",
        "```", "```js title=\"a\" {1,2}\n", "~~~", "```mdx-code-block\n", "```mermaid\ngraph TD\nA-->B\n", "$$\n", "$x$", "\\(",
        "- ", "1. ", "> ", "* ", "*", "**", "_", "__", "~~", "[", "]", "](", ")", "![", "<", ">", "</", "<div>", "</div>",
        "<a href=\"javascript:alert(1)\">", "<img src=x onerror=alert(1)>", "<script>", "</script>", "<form action=\"//e\">",
        "<svg><animate attributeName=href values=javascript:alert(1) />", "&#106;avascript:", "&colon;", "javascript:",
        "| a | b |\n|---|---|\n", "|", "- [ ] ", "# ", "## H {#id}\n", "\\", "`", "``", "<!--", "-->", "&amp;", "&#x0;",
        "\u{0}", "\r\n", "\u{FEFF}", "\u{202E}", "\u{E000}", "\u{E001}", "    ", "\t", "\n\n",
    ])

    static let yamlTokens = Fuzzer.tokens([
        "&a ", "*a", "&b [", "*b", "<<: *a\n", "? ", ": ", "- ", "[", "]", "{", "}", ",", "\"", "'", "|\n  ", ">-\n  ", "!!str ",
        "!!binary ", "!<tag:x> ", "%YAML 1.1\n", "---\n", "...\n", "#", "\n", "  ", "\t", "null", "~", "true", "0x1F", ".inf", "-.nan",
        "1e400", "2001-12-14t21:59:43.10-05:00", "slug: ", "id: ", "title: ", "sidebar_position: ", "custom_edit_url: ", "tags: ",
        "pagination_next: ", "toc_min_heading_level: ", "baseUrl: ", "url: ", "server:\n  ", "%2e%2e/", "../", "\\", "\u{0}",
    ])

    // MARK: - Front matter, quire.yml and _category_ readers

    @Test func fuzzFrontMatter() {
        Fuzzer.check(Fuzzer.Target(name: "front-matter", seeds: Self.markdownSeeds.map { Array($0.prefix(4096)) }
            + Fuzzer.fixtures("QuireBookTests/Fixtures/hostile", extensions: [".md"]).map { Array($0.prefix(16_384)) },
                                   dictionary: Self.yamlTokens, maxSize: 80_000) { input in
            let text = String(decoding: input, as: UTF8.self)
            do {
                let (fm, _, offset) = try FrontMatter.split(text, file: "f.md")
                guard offset >= 0 else { throw FuzzFailure("negative body line offset") }
                for w in fm.warnings where (w.line ?? 0) < 1 { throw FuzzFailure("warning without a line: \(w)") }
                if case let .some(url?) = fm.customEditUrl, url.lowercased().contains("javascript:") {
                    throw FuzzFailure("script edit URL accepted: \(url)")
                }
            } catch let e as QuireError {
                try Self.checkError(e, file: "f.md", text: text)
            }
        })
    }

    @Test func fuzzSettingsFile() {
        let seeds = Fuzzer.fixtures("QuireCLITests/Fixtures", extensions: [".yml", ".yaml"])
            + Fuzzer.fixtures("QuireSiteTests/Fixtures", extensions: [".yml", ".yaml"])
            + Fuzzer.fixtures("QuireServerTests/Fixtures", extensions: [".yml", ".yaml"])
            + Fuzzer.fixtures("QuireBookTests/Fixtures", extensions: [".yml", ".yaml"])
            + [Array("title: Book\ntagline: t\nurl: https://a.b\nbaseUrl: /x/\nserver:\n  port: 8080\n".utf8)]
        Fuzzer.check(Fuzzer.Target(name: "settings", seeds: seeds, dictionary: Self.yamlTokens, maxSize: 64_000) { input in
            let text = String(decoding: input, as: UTF8.self)
            do {
                let c = try SiteConfig.parse(text, file: "quire.yml")
                guard c.baseUrl.hasPrefix("/") && c.baseUrl.hasSuffix("/") else { throw FuzzFailure("baseUrl not /…/: \(c.baseUrl)") }
            } catch let e as QuireError {
                try Self.checkError(e, file: "quire.yml", text: text)
            } catch let e as QuireErrors {
                for x in e.errors { try Self.checkError(x, file: "quire.yml", text: text) }
            }
        })
    }

    @Test func fuzzCategoryFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-fuzz-category-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = Fuzzer.fixtures("QuireBookTests/Fixtures", extensions: ["_category_.json", "_category_.yml", ".json"])
        let tokens = Self.yamlTokens + Fuzzer.tokens(["{\"label\": ", "\"link\": {\"type\": \"generated-index\", \"slug\": ", "\"position\": ", "[", "]", "1e999", "null", ":"])
        var n = 0
        Fuzzer.check(Fuzzer.Target(name: "category", seeds: seeds, dictionary: tokens, maxSize: 32_000) { input in
            n += 1
            let name = n % 2 == 0 ? "_category_.json" : "_category_.yml"
            try Data(input).write(to: dir.appendingPathComponent(name))
            do {
                _ = try CategoryMetadata.load(root: dir, source: name)
            } catch let e as QuireError {
                guard e.file == name, !e.message.isEmpty else { throw FuzzFailure("error without the file: \(e)") }
                if e.message.contains("Dictionary<") || e.message.hasPrefix("''") { throw FuzzFailure("raw type in message: \(e.message)") }
            }
        })
    }

    /// Every error names the file, a line inside it (or none) and says something.
    static func checkError(_ e: QuireError, file: String, text: String) throws {
        guard e.file == file else { throw FuzzFailure("error names \(e.file ?? "no file"): \(e)") }
        guard !e.message.isEmpty else { throw FuzzFailure("empty message") }
        if let l = e.line {
            let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            guard l >= 1, l <= lines + 1 else { throw FuzzFailure("line \(l) outside 1...\(lines + 1): \(e)") }
        }
    }

    // MARK: - Markdown pipeline (Docusaurus preprocessing, cmark-gfm, HTML writer, chunker)

    @Test func fuzzMarkdownPipeline() {
        let chunker = Chunker(tokenCount: { $0.split(separator: " ").count + 2 })
        Fuzzer.check(Fuzzer.Target(name: "markdown", seeds: Self.markdownSeeds, dictionary: Self.markdownTokens, maxSize: 200_000,
                                   perInputLimit: .seconds(5)) { input in
            let text = String(decoding: input, as: UTF8.self)
            let doc = MarkdownRenderer().render(text, lineOffset: 3)
            try Self.checkSafe(doc.html)
            for w in doc.warnings + doc.errors where w.line < 4 { throw FuzzFailure("line \(w.line) before the body: \(w.message)") }
            if !doc.errors.isEmpty && !doc.html.isEmpty { throw FuzzFailure("HTML written for a page with errors") }
            let page = IndexPage(source: "f.md", url: "/docs/f", title: "F", blocks: doc.blocks)
            for c in chunker.chunks(for: page, pageIndex: 0) where c.text.isEmpty && c.headings.isEmpty {
                throw FuzzFailure("empty chunk")
            }
        })
    }

    /// Nothing that runs script or sends the reader elsewhere gets through the sanitiser.
    static func checkSafe(_ html: String) throws {
        let lower = html.lowercased()
        for bad in ["<script", "<iframe", "<form", "<object", "<embed", "<animate", "<set ", "<base", "<meta", "<style"] where lower.contains(bad) {
            throw FuzzFailure("\(bad) in the HTML")
        }
        // Outside tags every < is escaped, so a raw < starts a tag the writer wrote.
        if lower.range(of: #"<[a-z][^<>]*\son[a-z]+\s*="#, options: .regularExpression) != nil {
            throw FuzzFailure("event handler attribute in the HTML")
        }
        if lower.range(of: #"(href|src|action|formaction|xlink:href)\s*=\s*"\s*(javascript|vbscript|data:text)"#, options: .regularExpression) != nil {
            throw FuzzFailure("script URL in the HTML")
        }
    }

    // MARK: - Index reader

    @Test func fuzzIndexReader() throws {
        let pages = Self.markdownSeeds.prefix(12).enumerated().map { i, bytes in
            IndexPage(source: "p\(i).md", url: "/docs/p\(i)", title: "Page \(i)",
                      blocks: MarkdownRenderer().render(String(decoding: bytes, as: UTF8.self)).blocks)
        }
        let (contents, _) = try IndexBuilder(embedder: HashEmbedder(dimensions: 16), bookTitle: "Fuzz").buildContents(pages: Array(pages))
        let seeds = [[UInt8](IndexWriter(contents: contents).data()), [UInt8](IndexWriter(contents: contents, allowCompression: false).data())]
        let tokens: [[UInt8]] = [[0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x7F], [0x80, 0x80, 0x80, 0x80, 0x01], [1, 0, 0, 0], Array("QIDX".utf8)]
        Fuzzer.check(Fuzzer.Target(name: "index", seeds: seeds, dictionary: tokens, maxSize: seeds[1].count * 2) { input in
            // As is (the CRCs catch it), then with fresh CRCs so the section decoders see it.
            for bytes in [input, Self.refreshingChecksums(input)] {
                do {
                    let c = try IndexReader.parse(Data(bytes))
                    _ = SearchIndex(contents: c).search("robot arm kinematics", queryVector: [], k: 5, collapsePages: true)
                } catch let e as QuireError {
                    guard e.code.rawValue.hasPrefix("index-"), !e.message.isEmpty else { throw FuzzFailure("unexpected error \(e)") }
                }
            }
        })
    }

    /// `bytes` with every section CRC and the header CRC recomputed (when the table parses).
    static func refreshingChecksums(_ bytes: [UInt8]) -> [UInt8] {
        guard let (_, entries) = try? IndexReader.sectionTable(Data(bytes)) else { return bytes }
        var b = bytes
        for (k, e) in entries.enumerated() {
            guard e.offset + e.length <= UInt64(b.count) else { return bytes }
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
}
