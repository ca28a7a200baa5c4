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

    public init() {}

    /// Read once: `Parser.Encoding.default` reads the environment on every call.
    nonisolated(unsafe) private static let yamlEncoding = Parser.Encoding.default

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
            throw QuireError("front-matter", "front matter opened with --- on line 1 is never closed with ---", file: file, line: 1)
        }
        // The YAML lines without the newline before the closing fence.
        let yaml = yamlStart < yamlEnd ? String(t[yamlStart..<u.index(before: yamlEnd)]) : ""
        let fm = try parse(yaml, file: file, firstLine: 2)
        return (fm, t[bodyStart...], lineNo + 1)
    }

    static func parse(_ yaml: String, file: String, firstLine: Int) throws -> FrontMatter {
        let node: Any?
        do {
            node = try Yams.load(yaml: yaml, .default, .default, Self.yamlEncoding)
        } catch let e as YamlError {
            let line = (FrontMatter.line(of: e) ?? 1) + firstLine - 1
            throw QuireError("front-matter", "malformed front matter: \(describe(e))", file: file, line: line)
        } catch {
            throw QuireError("front-matter", "malformed front matter: \(error)", file: file, line: firstLine)
        }
        var fm = FrontMatter()
        guard let node else { return fm }
        guard let map = node as? [String: Any] else {
            throw QuireError("front-matter", "front matter must be a mapping of key: value lines", file: file, line: firstLine)
        }
        // Line of a key, for error messages.
        func line(_ key: String) -> Int {
            for (i, l) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where l.hasPrefix(key + ":") { return firstLine + i }
            return firstLine
        }
        func bad(_ key: String, _ what: String) -> QuireError {
            QuireError("front-matter", "'\(key)' must be \(what)", file: file, line: line(key))
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
            if let d = v as? Double { return d }
            if let s = v as? String, let d = Double(s) { return d }
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
            throw QuireError("front-matter", "'id' must not be empty or contain '/' (got '\(id)')", file: file, line: line("id"))
        }
        fm.title = try string("title")
        fm.sidebarLabel = try string("sidebar_label")
        fm.sidebarPosition = try number("sidebar_position")
        fm.slug = try string("slug")
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
            throw QuireError("front-matter", "'toc_min_heading_level' (\(fm.tocMinHeadingLevel)) is greater than 'toc_max_heading_level' (\(fm.tocMaxHeadingLevel))", file: file, line: line("toc_min_heading_level"))
        }
        fm.paginationNext = try optionalString("pagination_next")
        fm.paginationPrev = try optionalString("pagination_prev")
        fm.customEditUrl = try optionalString("custom_edit_url")
        return fm
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        case let .duplicatedKeysInMapping(_, context):
            return context.mark.line
        default:
            return nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            if let c = context?.text, !c.isEmpty { return "\(problem) (\(c))" }
            return problem
        case let .duplicatedKeysInMapping(duplicates, _):
            return "duplicate keys: \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}
