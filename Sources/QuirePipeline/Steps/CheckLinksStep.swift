import QuireSite

/// check-links: every link and anchor; broken ones fail the build (`--links error`) or become
/// warnings (`--links warn`).
public struct CheckLinksStep: BuildStep {
    public let name = BuildStepName.checkLinks
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        var rendered = try context.require(context.rendered, .render)
        try SiteBuilder.forContext(context).checkLinks(&rendered)
        context.rendered = rendered
    }
}
