import Foundation
import QuireBook

/// load-book: every page, its front matter, categories and URLs (all problems reported together).
public struct LoadBookStep: BuildStep {
    public let name = BuildStepName.loadBook
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        var loader = BookLoader(config: try context.require(context.settings, .loadSettings))
        loader.includeDrafts = context.options.includeDrafts
        context.book = try loader.load(root: Self.docsRoot(context.options.content))
    }

    /// `content/docs` when it is a folder (Docusaurus site layout), else `content` itself.
    public static func docsRoot(_ content: URL) -> URL {
        let nested = content.appendingPathComponent("docs")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: nested.path, isDirectory: &isDir), isDir.boolValue { return nested }
        return content
    }
}
