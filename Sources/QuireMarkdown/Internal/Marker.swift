/// A Docusaurus/MDX construct found by the `Preprocessor`. In the text handed to cmark each
/// marker is a `<!--quire:N-->` comment on the construct's own line (an HTML block that can
/// interrupt a paragraph), so line numbers stay those of the file.
struct Marker {
    struct TabInfo { var value: String; var label: String; var isDefault: Bool }

    enum Kind {
        case admonitionOpen(type: String, title: String?)   // title: inline Markdown
        case admonitionClose
        case tabsOpen(groupID: String?, defaultValue: String?, items: [TabInfo])
        case tabsClose
        case tabItemOpen(value: String, tabs: Int?)          // index of the enclosing tabsOpen marker
        case tabItemClose
        case detailsOpen(JSXTag)
        case detailsClose
        case summary(String)                                  // inline Markdown
        case paragraph(String)                                // inline Markdown inside a one-line component
        case htmlOpen(JSXTag)                                 // lowercase tag, also void/self-closing
        case htmlClose(String)
        case mathBlock(String)                                // TeX
    }
    var kind: Kind
    var line: Int   // 1-based line in the body
}

/// Inline math found by the `Preprocessor`; in the text it is `U+E000 index U+E001`.
struct InlineMath {
    var tex: String
    /// As written (with dollars), restored inside code.
    var original: [UInt8]
}

enum Admonition {
    static let types: Set<String> = ["note", "tip", "info", "warning", "danger", "caution", "important", "success", "secondary"]
    static func defaultTitle(_ type: String) -> String { type.prefix(1).uppercased() + type.dropFirst() }
}

enum HTMLTags {
    /// Elements never written (tagfilter's list and more); see `droppedWithContent`. Forms
    /// (which could post a reader's input anywhere) and SVG animation (which can set an
    /// `href` to a script URL) go too; their content stays.
    static let dropped: Set<String> = ["script", "style", "iframe", "object", "embed", "applet", "frame", "frameset",
                                       "noembed", "noframes", "xmp", "plaintext", "title", "textarea", "base", "meta", "link",
                                       "form", "animate", "set", "animatemotion", "animatetransform", "portal"]
    /// Of those, the ones whose content goes too (up to the matching end tag).
    static let droppedWithContent: Set<String> = ["script", "style", "iframe", "object", "applet", "frameset",
                                                  "noembed", "noframes", "xmp", "title", "textarea"]
    /// Elements with no content (their tag is all there is).
    static let void: Set<String> = ["area", "br", "col", "hr", "img", "input", "source", "track", "wbr", "param"]
}
