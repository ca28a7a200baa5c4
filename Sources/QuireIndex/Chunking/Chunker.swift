import Foundation
import QuireMarkdown

/// Splits a page's plain-text blocks into chunks that fit the embedder.
///
/// 1. Sections: the page is cut at every heading; a section carries the heading path below
///    the page title (a first H1 equal to the title is the title, not a heading) and the id
///    of its nearest heading as anchor.
/// 2. Units: each block is one unit when it fits. A prose block that does not fit becomes
///    sentences (a sentence that still does not fit, word windows); code and lists become
///    groups of whole lines; tables become groups of whole rows, each group repeating the
///    header row.
/// 3. Parts: units are packed in order into parts of about equal size, none over the limit
///    (`ChunkerOptions`), counting the prefix `Title › Heading` and [CLS]/[SEP]. When a part
///    ends on a short sentence, the next part starts with it again (overlap).
/// 4. Merging: a section smaller than `minTokens` joins the next section (or else the
///    previous one) when the result fits; the joined section's heading stays in the text.
public struct Chunker: Sendable {
    public var options: ChunkerOptions
    /// Word pieces of a text, [CLS] and [SEP] included (`Embedder.tokenCount`).
    public var tokenCount: @Sendable (String) -> Int

    public init(options: ChunkerOptions = ChunkerOptions(), tokenCount: @escaping @Sendable (String) -> Int) {
        self.options = options
        self.tokenCount = tokenCount
    }

    /// What a diagram block (mermaid) reads as in chunk text.
    public static let diagramPlaceholder = "[diagram]"

    /// Word pieces of `text` without [CLS]/[SEP].
    /// Counted on what the embedder reads (`Chunk.readableText`: no list markers, no math delimiters).
    func pieces(_ text: String) -> Int { max(0, tokenCount(Chunk.readableText(text)) - 2) }

    struct Section {
        var headings: [String]
        var anchor: String?
        var headingText: String?
        var blocks: [Block] = []
    }

    struct Unit {
        var text: String
        var pieces: Int
        /// A sentence or paragraph: may be repeated as overlap.
        var prose: Bool
    }

    struct Part {
        var headings: [String]
        var anchor: String?
        var text: String
        /// Pieces of prefix + text + 2.
        var tokens: Int
    }

    /// The chunks of one page; `pageIndex` is stored in each chunk.
    public func chunks(for page: IndexPage, pageIndex: Int) -> [Chunk] {
        let sections = self.sections(of: page)
        var groups: [[Part]] = sections.map { parts(of: $0, title: page.title) }
        groups = merged(groups, sections: sections, title: page.title)
        var out = groups.flatMap { $0 }.map { Chunk(page: pageIndex, headings: $0.headings, anchor: $0.anchor, text: $0.text) }
        if out.isEmpty, let d = page.description?.trimmingCharacters(in: .whitespacesAndNewlines), !d.isEmpty {
            let text = wordWindows(d, budget: max(1, options.maxTokens - 2 - pieces(page.title))).first ?? d
            out = [Chunk(page: pageIndex, headings: [], anchor: nil, text: text)]
        }
        return out
    }

    // MARK: sections

    /// `$$tex$$` on one line (line breaks inside TeX are spaces); empty TeX stays empty.
    static func displayMath(_ tex: String) -> String {
        let t = tex.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? "" : "$$" + t + "$$"
    }

    /// One item per line, each after `Chunk.listItemMarker`.
    static func listLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { Chunk.listItemMarker + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }

    func sections(of page: IndexPage) -> [Section] {
        var stack: [(level: Int, text: String, id: String?)] = []
        var sections: [Section] = [Section(headings: [], anchor: nil, headingText: nil)]
        var sawTitle = false
        let title = page.title.trimmingCharacters(in: .whitespaces).lowercased()
        for block in page.blocks {
            // Code keeps its indentation; everything else is trimmed. A mermaid diagram is drawn
            // in the page; in chunks (search snippets, cited passages) it is "[diagram]".
            // Display math is one line between `$$` (snippets and answers draw it with KaTeX).
            let text = block.language == "mermaid" ? Self.diagramPlaceholder
                : block.kind == .code ? block.text.trimmingCharacters(in: .newlines)
                : block.kind == .math ? Self.displayMath(block.text)
                : block.kind == .list ? Self.listLines(block.text)
                                      : block.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if block.kind == .heading {
                let level = max(1, block.headingLevel)
                if level == 1, !sawTitle, stack.isEmpty, text.lowercased() == title {
                    sawTitle = true
                    continue
                }
                while let last = stack.last, last.level >= level { stack.removeLast() }
                stack.append((level, text, block.headingID))
                sections.append(Section(headings: stack.map(\.text), anchor: block.headingID, headingText: text))
                continue
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            var b = block
            b.text = text
            sections[sections.count - 1].blocks.append(b)
        }
        return sections.filter { !$0.blocks.isEmpty }
    }

    // MARK: units and parts

    func parts(of section: Section, title: String) -> [Part] {
        let prefixPieces = pieces(Chunk.prefix(title: title, headings: section.headings))
        let budget = max(8, options.maxTokens - 2 - prefixPieces)
        var units: [Unit] = []
        for block in section.blocks {
            units.append(contentsOf: self.units(of: block, budget: budget))
        }
        let total = units.reduce(0) { $0 + $1.pieces }
        // Number of parts: each holds about total/n new pieces plus at most one overlap.
        let softBudget = max(8, min(budget, options.targetTokens - 2 - prefixPieces))
        let n = total <= budget ? 1 : (total + max(8, softBudget - options.overlapTokens) - 1) / max(8, softBudget - options.overlapTokens)
        let perPart = Double(total) / Double(n)
        var parts: [Part] = []
        var current: [Unit] = []
        var size = 0
        var consumed = 0
        func close() {
            guard !current.isEmpty else { return }
            let text = current.map(\.text).joined(separator: "\n")
            parts.append(Part(headings: section.headings, anchor: section.anchor, text: text, tokens: size + prefixPieces + 2))
        }
        for unit in units {
            // A unit goes to the next part when its middle crosses this part's share, or when
            // it would not fit.
            let crosses = Double(consumed) + Double(unit.pieces) / 2 > perPart * Double(parts.count + 1)
            if !current.isEmpty, size + unit.pieces > budget || crosses {
                close()
                let last = current.last!
                if last.prose, unit.prose, last.pieces <= options.overlapTokens, last.pieces + unit.pieces <= budget {
                    current = [last]
                    size = last.pieces
                } else {
                    current = []
                    size = 0
                }
            }
            current.append(unit)
            size += unit.pieces
            consumed += unit.pieces
        }
        close()
        return parts
    }

    func units(of block: Block, budget: Int) -> [Unit] {
        let n = pieces(block.text)
        let prose: Bool
        switch block.kind {
        case .paragraph, .quote, .other, .heading: prose = true
        case .code, .list, .table, .math: prose = false
        }
        if n <= budget { return [Unit(text: block.text, pieces: n, prose: prose)] }
        switch block.kind {
        case .table:
            let rows = block.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard let header = rows.first else { return [] }
            let headerPieces = pieces(header)
            if headerPieces * 2 > budget {
                return lineGroups(rows, budget: budget)
            }
            return lineGroups(Array(rows.dropFirst()), budget: budget - headerPieces).map {
                Unit(text: header + "\n" + $0.text, pieces: $0.pieces + headerPieces, prose: false)
            }
        case .code, .list, .math:
            let lines = block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return lineGroups(lines, budget: budget)
        default:
            var out: [Unit] = []
            for sentence in sentences(block.text) {
                let p = pieces(sentence)
                if p <= budget {
                    out.append(Unit(text: sentence, pieces: p, prose: true))
                } else {
                    out.append(contentsOf: wordWindows(sentence, budget: budget).map { Unit(text: $0, pieces: pieces($0), prose: false) })
                }
            }
            return out
        }
    }

    /// Whole lines packed into groups of at most `budget` pieces; an over-long line is cut
    /// into word windows.
    func lineGroups(_ lines: [String], budget: Int) -> [Unit] {
        var out: [Unit] = []
        var current: [String] = []
        var size = 0
        func close() {
            if !current.isEmpty, current.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                out.append(Unit(text: current.joined(separator: "\n"), pieces: size, prose: false))
            }
            current = []
            size = 0
        }
        for line in lines {
            let p = pieces(line)
            if p > budget {
                close()
                for w in wordWindows(line, budget: budget) { out.append(Unit(text: w, pieces: pieces(w), prose: false)) }
                continue
            }
            if size + p > budget { close() }
            current.append(line)
            size += p
        }
        close()
        return out
    }

    /// Sentences: cut after `.`, `!`, `?` (or their full-width forms) followed by white space,
    /// and at line breaks.
    func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var pendingEnd = false
        for ch in text {
            if ch == "\n" {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current.trimmingCharacters(in: .whitespaces)) }
                current = ""
                pendingEnd = false
                continue
            }
            if pendingEnd, ch.isWhitespace {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                pendingEnd = false
                continue
            }
            current.append(ch)
            pendingEnd = ch == "." || ch == "!" || ch == "?" || ch == "。" || ch == "！" || ch == "？"
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    /// Windows of whole words, each at most `budget` pieces (a single word over the budget
    /// is cut by characters).
    func wordWindows(_ text: String, budget: Int) -> [String] {
        var out: [String] = []
        var current: [Substring] = []
        var size = 0
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            var p = pieces(String(word))
            var w = word
            if p > budget {
                // Pathological (a 1,000-character token): keep a prefix that fits.
                while p > budget, w.count > 1 {
                    w = w.prefix(w.count / 2)
                    p = pieces(String(w))
                }
            }
            if size + p > budget, !current.isEmpty {
                out.append(current.joined(separator: " "))
                current = []
                size = 0
            }
            current.append(w)
            size += p
        }
        if !current.isEmpty { out.append(current.joined(separator: " ")) }
        return out
    }

    // MARK: merging small sections

    func merged(_ groups: [[Part]], sections: [Section], title: String) -> [[Part]] {
        var out: [[Part]] = []
        var i = 0
        while i < groups.count {
            var group = groups[i]
            // Forward: a small single-part section absorbs the following sections' first parts.
            while group.count == 1, i + 1 < groups.count, textPieces(group[0], title: title) < options.minTokens,
                  let next = groups[i + 1].first {
                let joinedText = group[0].text + "\n" + (sections[i + 1].headingText.map { $0 + "\n" } ?? "") + next.text
                let tokens = tokenCount(Chunk.embeddedText(title: title, headings: group[0].headings, text: joinedText))
                guard tokens <= options.maxTokens else { break }
                var joined = group[0]
                joined.text = joinedText
                joined.tokens = tokens
                group = [joined] + groups[i + 1].dropFirst()
                i += 1
            }
            // Backward: a small section still alone joins the previous section's last part.
            if group.count == 1, textPieces(group[0], title: title) < options.minTokens,
               var previous = out.last?.last {
                let joinedText = previous.text + "\n" + (sections[i].headingText.map { $0 + "\n" } ?? "") + group[0].text
                let tokens = tokenCount(Chunk.embeddedText(title: title, headings: previous.headings, text: joinedText))
                if tokens <= options.maxTokens {
                    previous.text = joinedText
                    previous.tokens = tokens
                    out[out.count - 1][out[out.count - 1].count - 1] = previous
                    i += 1
                    continue
                }
            }
            out.append(group)
            i += 1
        }
        return out
    }

    private func textPieces(_ part: Part, title: String) -> Int {
        part.tokens - 2 - pieces(Chunk.prefix(title: title, headings: part.headings))
    }
}
