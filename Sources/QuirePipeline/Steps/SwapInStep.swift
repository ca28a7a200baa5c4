/// swap-in: renames the staging folder into the output folder's place (the previous output is
/// moved aside and removed). Must be the last step.
public struct SwapInStep: BuildStep {
    public let name = BuildStepName.swapIn
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        try context.require(context.output, .stage).commit()
        context.swappedIn = true
    }
}
