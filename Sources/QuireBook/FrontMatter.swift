import Foundation
import QuireSupport
import Yams

/// Docusaurus doc front matter (the fields Quire understands; others are ignored).
public struct FrontMatter: Sendable, Equatable {
    public var id: String?
    public var title: String?
    public var sidebarLabel: String?
    public var sidebarPosition: Double?
    public var slug: String?
    public var description: String?
    public var keywords: [String] = []
    public var tags: [String] = []
    public var draft = false
    public var unlisted = false
    public var hideTitle = false
    public var hideTableOfContents = false
    public var tocMinHeadingLevel = 2
    public var tocMaxHeadingLevel = 3
    /// nil: default; `.some(nil)`: explicitly none (`pagination_next: null`).
    public var paginationNext: String??
    public var paginationPrev: String??
    public var customEditUrl: String??
    /// Problems that do not stop the build (unknown keys), with their file lines.
    public var warnings: [Diagnostic] = []
    /// File line of `slug:` (for errors found once the URL is known).
    public var slugLine: Int?

    public init() {}

    /// Splits `--- yaml ---` off the top of a file. Returns the front matter, the body and
    /// how many lines precede the body.
    public static func split(_ text: String, file: String) throws -> (FrontMatter, body: Substring, bodyLineOffset: Int) {
        var t = Substring(text)
        if t.hasPrefix("\u{FEFF}") { t = t.dropFirst() }
        guard t.hasPrefix("---") else { return (FrontMatter(), t, 0) }
        // The opening line must be exactly --- (trailing spaces allowed). Lines are scanned
        // lazily: only the front matter is looked at, not the whole (possibly long) body.
        let u = t.utf8
        func isFence(_ line: Substring.UTF8View.SubSequence) -> Bool {
            var s = line[...]
            while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
            while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
            return s.elementsEqual("---".utf8)
        }
        var lineStart = u.startIndex
        var lineNo = 0
        var yamlStart: String.Index?
        var yamlEnd: String.Index?
        var bodyStart: String.Index?
        while lineStart < u.endIndex || lineNo == 0 {
            let nl = u[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = nl ?? u.endIndex
            let next = nl.map { u.index(after: $0) } ?? u.endIndex
            if lineNo == 0 {
                guard isFence(u[lineStart..<lineEnd]) else { return (FrontMatter(), t, 0) }
                yamlStart = next
            } else if isFence(u[lineStart..<lineEnd]) {
                yamlEnd = lineStart
                bodyStart = next
                break
            }
            lineNo += 1
            if nl == nil { break }
            lineStart = next
        }
        guard let yamlStart, let yamlEnd, let bodyStart else {
            throw QuireError(.frontMatter, "front matter opened with --- on line 1 is never closed with ---", file: file, line: 1)
        }
        // The YAML lines without the newline before the closing fence.
        let yaml = yamlStart < yamlEnd ? String(t[yamlStart..<u.index(before: yamlEnd)]) : ""
        let fm = try parse(yaml, file: file, firstLine: 2)
        return (fm, t[bodyStart...], lineNo + 1)
    }

    static func parse(_ yaml: String, file: String, firstLine: Int) throws -> FrontMatter {
        let node = try SafeYAML.load(yaml, file: file, firstLine: firstLine, limits: .frontMatter,
                                     code: .frontMatter, what: "front matter")
        var fm = FrontMatter()
        guard let node else { return fm }
        guard let map = node as? [String: Any] else {
            throw QuireError(.frontMatter, "front matter must be a mapping of key: value lines", file: file, line: firstLine)
        }
        // Line of a key, for error messages.
        func line(_ key: String) -> Int {
            for (i, l) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where l.hasPrefix(key + ":") { return firstLine + i }
            return firstLine
        }
        func bad(_ key: String, _ what: String) -> QuireError {
            QuireError(.frontMatter, "'\(key)' must be \(what)", file: file, line: line(key))
        }
        func string(_ key: String) throws -> String? {
            guard let v = map[key], !(v is NSNull) else { return nil }
            if let s = v as? String { return s }
            if let i = v as? Int { return String(i) }
            if let d = v as? Double { return String(d) }
            throw bad(key, "a string")
        }
        func optionalString(_ key: String) throws -> String?? {
            guard let v = map[key] else { return nil }
            if v is NSNull { return .some(nil) }
            if let b = v as? Bool, b == false { return .some(nil) }
            return .some(try string(key))
        }
        func bool(_ key: String) throws -> Bool? {
            guard let v = map[key], !(v is NSNull) else { return nil }
            if let b = v as? Bool { return b }
            throw bad(key, "true or false")
        }
        func number(_ key: String) throws -> Double? {
            guard let v = map[key], !(v is NSNull) else { return nil }
            if let i = v as? Int { return Double(i) }
            // .nan and .inf would break the sidebar's ordering.
            if let d = v as? Double, d.isFinite { return d }
            if let s = v as? String, let d = Double(s), d.isFinite { return d }
            throw bad(key, "a number")
        }
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let d = try number(key) else { return nil }
            guard d == d.rounded(), range.contains(Int(d)) else { throw bad(key, "a whole number in \(range.lowerBound)...\(range.upperBound)") }
            return Int(d)
        }
        func list(_ key: String) throws -> [String] {
            guard let v = map[key], !(v is NSNull) else { return [] }
            if let s = v as? String {
                return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            if let a = v as? [Any] {
                return try a.map { item in
                    if let s = item as? String { return s }
                    if let i = item as? Int { return String(i) }
                    if let m = item as? [String: Any], let l = m["label"] as? String { return l }  // tags: [{label: x}]
                    throw bad(key, "a list of strings")
                }
            }
            throw bad(key, "a list of strings")
        }
        fm.id = try string("id")
        if let id = fm.id, id.contains("/") || id.isEmpty {
            throw QuireError(.frontMatter, "'id' must not be empty or contain '/' (got '\(id)')", file: file, line: line("id"))
        }
        fm.title = try string("title")
        fm.sidebarLabel = try string("sidebar_label")
        fm.sidebarPosition = try number("sidebar_position")
        fm.slug = try string("slug")
        if fm.slug != nil { fm.slugLine = line("slug") }
        fm.description = try string("description")
        fm.keywords = try list("keywords")
        fm.tags = try list("tags")
        fm.draft = try bool("draft") ?? false
        fm.unlisted = try bool("unlisted") ?? false
        fm.hideTitle = try bool("hide_title") ?? false
        fm.hideTableOfContents = try bool("hide_table_of_contents") ?? false
        fm.tocMinHeadingLevel = try int("toc_min_heading_level", 2...6) ?? 2
        fm.tocMaxHeadingLevel = try int("toc_max_heading_level", 2...6) ?? 3
        if fm.tocMinHeadingLevel > fm.tocMaxHeadingLevel {
            throw QuireError(.frontMatter, "'toc_min_heading_level' (\(fm.tocMinHeadingLevel)) is greater than 'toc_max_heading_level' (\(fm.tocMaxHeadingLevel))", file: file, line: line("toc_min_heading_level"))
        }
        fm.paginationNext = try optionalString("pagination_next")
        fm.paginationPrev = try optionalString("pagination_prev")
        fm.customEditUrl = try optionalString("custom_edit_url")
        if case let .some(url?) = fm.customEditUrl, !Self.isSafeEditURL(url) {
            throw bad("custom_edit_url", "an http(s) URL or a relative path (got '\(url)')")
        }
        for key in map.keys.sorted() where !knownKeys.contains(key) {
            let hint = knownKeys.filter { editDistance($0, key) <= 2 }.sorted().first.map { " (did you mean '\($0)'?)" } ?? ""
            fm.warnings.append(Diagnostic(.warning, "unknown front matter key '\(key)' ignored\(hint)", file: file, line: line(key)))
        }
        return fm
    }

    /// Every key of Docusaurus's docs front matter. Quire reads some and accepts the rest
    /// silently; anything else is most likely a typo and is warned about.
    static let knownKeys: Set<String> = [
        "id", "title", "pagination_label", "sidebar_label", "sidebar_position", "sidebar_class_name",
        "sidebar_key", "sidebar_custom_props", "displayed_sidebar", "hide_title", "hide_table_of_contents",
        "toc_min_heading_level", "toc_max_heading_level", "pagination_next", "pagination_prev",
        "parse_number_prefixes", "custom_edit_url", "keywords", "description", "image", "slug", "tags",
        "draft", "unlisted", "last_update",
    ]

    /// `custom_edit_url` becomes a link on the page: http(s), protocol-relative or a path only
    /// (no `javascript:`, `data:` or other schemes, however written).
    static func isSafeEditURL(_ url: String) -> Bool {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return true }
        // No scheme: a colon may only come after the first /, ? or #.
        guard let colon = lower.firstIndex(of: ":") else { return true }
        return lower[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" })
    }

    static func line(of error: YamlError) -> Int? { SafeYAML.lineOf(error) }
    static func describe(_ error: YamlError) -> String { SafeYAML.describe(error) }
}

/// Levenshtein distance of two short strings (for "did you mean" hints).
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}
