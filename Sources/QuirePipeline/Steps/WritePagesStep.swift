import QuireSite

/// write-pages: pages into the layout, category indexes, landing, 404, search page, sitemap,
/// robots.txt; then reports the site's warnings.
public struct WritePagesStep: BuildStep {
    public let name = BuildStepName.writePages
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        let rendered = try context.require(context.rendered, .render)
        let site = try SiteBuilder.forContext(context).write(rendered)
        context.site = site
        context.emit(.warnings(site.warnings))
    }
}
