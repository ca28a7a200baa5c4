import Foundation
import QuireSupport
import Yams

/// `_category_.json` / `_category_.yml`.
struct CategoryMetadata {
    enum Link { case none, doc(String), generatedIndex(slug: String?, title: String?, description: String?) }
    var label: String?
    var position: Double?
    var collapsed: Bool?
    var collapsible: Bool?
    var link: Link?

    static func load(root: URL, source: String) throws -> CategoryMetadata {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(source).path),
              let text = String(data: data, encoding: .utf8) else {
            throw QuireError("category", "cannot read the file as UTF-8", file: source)
        }
        let node: Any?
        if source.hasSuffix(".json") {
            do {
                node = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                throw QuireError("category", "malformed JSON: \((error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)")", file: source)
            }
        } else {
            do { node = try Yams.load(yaml: text) } catch let e as YamlError {
                throw QuireError("category", "malformed YAML: \(FrontMatter.describe(e))", file: source, line: FrontMatter.line(of: e))
            }
        }
        var m = CategoryMetadata()
        guard let node, !(node is NSNull) else { return m }
        guard let map = node as? [String: Any] else {
            throw QuireError("category", "expected an object with label, position, collapsed, link", file: source)
        }
        func bad(_ k: String, _ what: String) -> QuireError { QuireError("category", "'\(k)' must be \(what)", file: source) }
        if let v = map["label"] { guard let s = v as? String else { throw bad("label", "a string") }; m.label = s }
        if let v = map["position"], !(v is NSNull) {
            if let b = v as? Bool { _ = b; throw bad("position", "a number") }
            if let n = v as? NSNumber { m.position = n.doubleValue } else if let i = v as? Int { m.position = Double(i) } else if let d = v as? Double { m.position = d } else { throw bad("position", "a number") }
        }
        if let v = map["collapsed"] { guard let b = v as? Bool else { throw bad("collapsed", "true or false") }; m.collapsed = b }
        if let v = map["collapsible"] { guard let b = v as? Bool else { throw bad("collapsible", "true or false") }; m.collapsible = b }
        if let v = map["link"] {
            if v is NSNull { m.link = Link.none } else {
                guard let l = v as? [String: Any], let type = l["type"] as? String else {
                    throw bad("link", "null or an object with a 'type' of 'doc' or 'generated-index'")
                }
                switch type {
                case "doc":
                    guard let id = l["id"] as? String else { throw bad("link.id", "the id of a doc") }
                    m.link = .doc(id)
                case "generated-index":
                    m.link = .generatedIndex(slug: l["slug"] as? String, title: l["title"] as? String, description: l["description"] as? String)
                default:
                    throw bad("link.type", "'doc' or 'generated-index' (got '\(type)')")
                }
            }
        }
        return m
    }
}
