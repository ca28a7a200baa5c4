import Foundation
import QuireBook
import QuireIndex
import QuireSite
import QuireSupport

/// The state handed from step to step. Each property is set by the step named in its comment;
/// a later step reads it with `require` (a missing one is a wrongly ordered pipeline).
public struct BuildContext: Sendable {
    public let options: BuildOptions
    /// load-settings
    public var settings: SiteConfig?
    /// load-settings: what `content` is (Docusaurus project root, folder with docs/, bare docs root).
    public var project: Project?
    /// load-book
    public var book: Book?
    /// stage: the output folder and its staging folder.
    public var output: OutputDirectory?
    /// render (check-links may add warnings)
    public var rendered: RenderedSite?
    /// write-pages
    public var site: SiteBuildResult?
    /// index: the index file as written into staging, and what the build did.
    public var index: (data: Data, stats: IndexBuildStats)?
    /// swap-in: the output folder now holds this build.
    public var swappedIn = false
    /// Phrases for the build summary, in step order (e.g. `index: 200 chunks (...)`).
    public var summary: [String] = []

    public init(options: BuildOptions) { self.options = options }

    /// The folder steps write into.
    public var staging: URL { get throws { try require(output, "stage").staging } }

    /// A value an earlier step must have set.
    public func require<T>(_ value: T?, _ step: BuildStepName) throws -> T {
        guard let value else {
            throw QuireError(.pipeline, "build step '\(step)' has not run before a step that needs it (steps: check BuildPipeline.standardSteps)")
        }
        return value
    }

    public func emit(_ event: BuildEvent) { options.onEvent?(event) }
}
