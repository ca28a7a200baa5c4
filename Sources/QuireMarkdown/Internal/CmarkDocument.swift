import CCmarkGFM
import Synchronization

/// cmark-gfm set-up: the GFM extensions attached to a fresh parser per document (a parser
/// is not shared between threads; the extension registry is initialised once by cmark).
enum Cmark {
    static let options: Int32 = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE | CMARK_OPT_FULL_INFO_STRING

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// cmark-gfm 0.29 keeps the inline "special characters" of extensions (`~` for
    /// strikethrough, the autolink triggers) in one process-wide table: every parser adds them
    /// before its inline pass and removes them after (`cmark_manage_extensions_special_characters`).
    /// Two documents parsed at once on different threads then lose strikethrough and autolinks at
    /// random. Parsing is therefore serialised; walking the finished tree (most of the work)
    /// stays parallel.
    private static let parseLock = Mutex(())

    /// Parses `bytes` and hands the document to `body`; everything is freed afterwards.
    static func withDocument<R>(_ bytes: [UInt8], _ body: (CmarkNode) -> R) -> R {
        _ = registered
        let doc: OpaquePointer = parseLock.withLock { _ in
            let parser = cmark_parser_new(options)!
            defer { cmark_parser_free(parser) }
            for name in ["table", "strikethrough", "autolink", "tasklist", "tagfilter"] {
                if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
            }
            bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) } }
            }
            return cmark_parser_finish(parser)!
        }
        defer { cmark_node_free(doc) }
        return body(CmarkNode(doc))
    }
}

extension Cmark {
    /// The first node (in document order) nested more than `limit` levels deep, the document
    /// being level 1; nil when the tree is within the limit. Iterative, so any depth is safe
    /// to measure; the writer, which recurses, only sees trees within the limit.
    static func firstNode(deeperThan limit: Int, in doc: CmarkNode) -> CmarkNode? {
        guard let iter = cmark_iter_new(doc.pointer) else { return nil }
        defer { cmark_iter_free(iter) }
        var depth = 0
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { return nil }
            guard let node = cmark_iter_get_node(iter).map(CmarkNode.init) else { continue }
            if event == CMARK_EVENT_ENTER {
                // Leaves get no exit event.
                let leaf = isLeaf(node.type)
                if depth + 1 > limit { return node }
                if !leaf { depth += 1 }
            } else if event == CMARK_EVENT_EXIT {
                depth -= 1
            }
        }
    }

    private static func isLeaf(_ t: cmark_node_type) -> Bool {
        switch t {
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT,
             CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
