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

    private struct File: Decodable {
        var label: String?
        var position: Double?
        var collapsed: Bool?
        var collapsible: Bool?
        var link: LinkFile??
        var className: String?

        enum CodingKeys: String, CodingKey { case label, position, collapsed, collapsible, link, className }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            label = try c.decodeIfPresent(String.self, forKey: .label)
            position = try c.decodeIfPresent(Double.self, forKey: .position)
            collapsed = try c.decodeIfPresent(Bool.self, forKey: .collapsed)
            collapsible = try c.decodeIfPresent(Bool.self, forKey: .collapsible)
            className = try c.decodeIfPresent(String.self, forKey: .className)
            if c.contains(.link) {
                link = try c.decodeNil(forKey: .link) ? .some(nil) : .some(try c.decode(LinkFile.self, forKey: .link))
            }
        }
    }

    private struct LinkFile: Decodable {
        var type: String
        var id: String?
        var slug: String?
        var title: String?
        var description: String?
    }

    static func load(root: URL, source: String) throws -> CategoryMetadata {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(source).path),
              let text = String(data: data, encoding: .utf8) else {
            throw QuireError(.category, "cannot read the file as UTF-8", file: source)
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return CategoryMetadata() }
        let isJSON = source.hasSuffix(".json")
        if isJSON {
            if data.count > YAMLLimits.settings.maxBytes {
                throw QuireError(.category, "file is \(ByteCount.describe(data.count)); the limit is \(ByteCount.describe(YAMLLimits.settings.maxBytes))", file: source)
            }
        } else {
            try SafeYAML.check(text, file: source, limits: .settings, code: .category, what: "YAML")
        }
        let file: File
        do {
            file = isJSON ? try JSONDecoder().decode(File.self, from: data) : try YAMLDecoder().decode(File.self, from: text)
        } catch let e as DecodingError {
            throw QuireError(.category, describe(e), file: source)
        } catch let e as YamlError {
            throw QuireError(.category, "malformed YAML: \(FrontMatter.describe(e))", file: source, line: FrontMatter.line(of: e))
        } catch {
            throw QuireError(.category, "malformed file: \(error.localizedDescription)", file: source)
        }
        var m = CategoryMetadata()
        m.label = file.label
        if let p = file.position, !p.isFinite { throw QuireError(.category, "'position' must be a number", file: source) }
        m.position = file.position
        m.collapsed = file.collapsed
        m.collapsible = file.collapsible
        switch file.link {
        case nil: break
        case .some(nil): m.link = Link.none
        case let .some(l?):
            switch l.type {
            case "doc":
                guard let id = l.id else { throw QuireError(.category, "'link.id' is required when link.type is 'doc'", file: source) }
                m.link = .doc(id)
            case "generated-index":
                if let slug = l.slug, let problem = SlugPolicy.problem(slug) {
                    throw QuireError(.category, "'link.slug' \(problem) (got '\(slug)')", file: source)
                }
                m.link = .generatedIndex(slug: l.slug, title: l.title, description: l.description)
            default:
                throw QuireError(.category, "'link.type' must be 'doc' or 'generated-index' (got '\(l.type.count > 60 ? l.type.prefix(60) + "…" : l.type)')", file: source)
            }
        }
        return m
    }

    private static func describe(_ e: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            ctx.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch e {
        case let .typeMismatch(_, ctx) where ctx.codingPath.isEmpty:
            return "must hold one object of settings ({\"label\": ..., \"position\": ..., \"link\": ...}), not a list or a single value"
        case let .typeMismatch(type, ctx):
            let what = type == Double.self ? "a number" : type == Bool.self ? "true or false" : type == String.self ? "a string" : "\(type)"
            return "'\(path(ctx))' must be \(what)"
        case let .keyNotFound(key, ctx):
            return "'\(path(ctx).isEmpty ? key.stringValue : path(ctx) + "." + key.stringValue)' is required"
        case let .valueNotFound(_, ctx):
            return "'\(path(ctx))' must not be null"
        case let .dataCorrupted(ctx):
            let p = path(ctx)
            return p.isEmpty ? "malformed file: \(ctx.debugDescription)" : "'\(p)': \(ctx.debugDescription)"
        @unknown default:
            return "\(e)"
        }
    }
}
