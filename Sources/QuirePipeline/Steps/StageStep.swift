import QuireSite

/// stage: checks the output folder may be replaced and makes the staging folder beside it.
public struct StageStep: BuildStep {
    public let name = BuildStepName.stage
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        context.output = try OutputDirectory(context.options.output)
    }
}
