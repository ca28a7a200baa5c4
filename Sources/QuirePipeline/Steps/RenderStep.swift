import QuireSite

/// render: templates and assets into staging, every page's Markdown to HTML (all cores).
public struct RenderStep: BuildStep {
    public let name = BuildStepName.render
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        let staging = try context.staging
        context.rendered = try SiteBuilder.forContext(context).render(into: staging)
    }
}

extension SiteBuilder {
    /// The site builder for the book and options of a build.
    static func forContext(_ context: BuildContext) throws -> SiteBuilder {
        let options = context.options
        var site = SiteBuildOptions(templates: options.templates)
        let configured = context.settings?.onBrokenLinks.map { $0 == "throw" ? LinkPolicy.error : .warn }
        site.links = options.links ?? configured ?? .error
        if let onEvent = options.onEvent {
            site.progress = { done, total in onEvent(.progress(.render, done: done, total: total)) }
        }
        return SiteBuilder(book: try context.require(context.book, .loadBook), options: site)
    }
}
