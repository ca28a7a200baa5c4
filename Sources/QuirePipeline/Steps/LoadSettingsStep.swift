import Foundation
import QuireBook
import QuireSupport

/// load-settings: what the content folder is (`Project`) and the site settings: defaults, then a
/// Docusaurus project's docusaurus.config, then `quire.yml` field by field.
public struct LoadSettingsStep: BuildStep {
    public let name = BuildStepName.loadSettings
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        let project = try Project.open(context.options.content)
        context.project = project
        switch context.options.settings {
        case let .value(config):
            context.settings = config
        case let .file(url):
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw QuireError(.config, "settings file not found", file: url.relativePath)
            }
            context.settings = try project.settings(quireYML: url)
        case let .optionalFile(url):
            context.settings = try project.settings(quireYML: FileManager.default.fileExists(atPath: url.path) ? url : nil)
        }  // project.warnings reach the build through Book.warnings
    }
}
