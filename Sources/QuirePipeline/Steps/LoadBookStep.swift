import Foundation
import QuireBook

/// load-book: every page, its front matter, categories and URLs (all problems reported together).
public struct LoadBookStep: BuildStep {
    public let name = BuildStepName.loadBook
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        let settings = try context.require(context.settings, .loadSettings)
        let project = try context.project ?? Project.open(context.options.content)
        context.book = try project.loadBook(config: settings, includeDrafts: context.options.includeDrafts)
    }

    /// `content/docs` when it is a folder (Docusaurus site layout), else `content` itself.
    public static func docsRoot(_ content: URL) -> URL {
        let nested = content.appendingPathComponent("docs")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: nested.path, isDirectory: &isDir), isDir.boolValue { return nested }
        return content
    }
}
