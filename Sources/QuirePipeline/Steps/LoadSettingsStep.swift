import Foundation
import QuireBook
import QuireSupport

/// load-settings: the site settings (`quire.yml`), or defaults.
public struct LoadSettingsStep: BuildStep {
    public let name = BuildStepName.loadSettings
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        switch context.options.settings {
        case let .value(config):
            context.settings = config
        case let .file(url):
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw QuireError("config", "settings file not found", file: url.relativePath)
            }
            context.settings = try SiteConfig.load(from: url)
        case let .optionalFile(url):
            context.settings = FileManager.default.fileExists(atPath: url.path) ? try SiteConfig.load(from: url) : SiteConfig()
        }
    }
}
