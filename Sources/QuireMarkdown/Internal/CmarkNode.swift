import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A node of a cmark-gfm document, with Swift-typed accessors. Valid only inside
/// `Cmark.withDocument` (the document owns every node).
struct CmarkNode {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    var type: cmark_node_type { cmark_node_get_type(pointer) }
    /// The extension's name for extension nodes (`table`, `tasklist`, …).
    var typeString: String { String(cString: cmark_node_get_type_string(pointer)) }
    var firstChild: CmarkNode? { cmark_node_first_child(pointer).map(CmarkNode.init) }
    var next: CmarkNode? { cmark_node_next(pointer).map(CmarkNode.init) }
    var parent: CmarkNode? { cmark_node_parent(pointer).map(CmarkNode.init) }
    /// 1-based start line in the parsed text (0 for nodes cmark made up).
    var line: Int { Int(cmark_node_get_start_line(pointer)) }

    /// Children in order.
    var children: [CmarkNode] {
        var out: [CmarkNode] = []
        var c = firstChild
        while let n = c { out.append(n); c = n.next }
        return out
    }

    // MARK: - Text

    var literalBytes: UnsafeBufferPointer<UInt8> {
        guard let p = cmark_node_get_literal(pointer) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
    }
    var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
    func setLiteral(_ text: String) { cmark_node_set_literal(pointer, text) }
    var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
    var title: String { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
    /// The info string of a fenced code block (`python title="x.py"`).
    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }

    // MARK: - Blocks

    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var isOrderedList: Bool { cmark_node_get_list_type(pointer) == CMARK_ORDERED_LIST }
    var listStart: Int32 { cmark_node_get_list_start(pointer) }
    var isTightList: Bool { cmark_node_get_list_tight(pointer) != 0 }
    var isCheckedTask: Bool { cmark_gfm_extensions_get_tasklist_item_checked(pointer) }
    var tableColumns: Int { Int(cmark_gfm_extensions_get_table_columns(pointer)) }
    /// Alignment of each of `columns` columns: `l`, `c`, `r` or 0.
    func tableAlignments(_ columns: Int) -> [UInt8] {
        guard let a = cmark_gfm_extensions_get_table_alignments(pointer) else { return [] }
        return (0..<columns).map { a[$0] }
    }
    var isTableHeaderRow: Bool { cmark_gfm_extensions_get_table_row_is_header(pointer) != 0 }
}
