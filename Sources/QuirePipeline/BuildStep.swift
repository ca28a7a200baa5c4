/// One named step of `BuildPipeline`. A step reads what earlier steps left in the context and
/// adds its own; everything it writes goes under `context.staging` (never into the output
/// folder itself: the `swap-in` step does that, last).
///
/// To add a step, write a type conforming to `BuildStep` and insert it into
/// `BuildPipeline.standardSteps(for:)` (or `pipeline.insert(_:after:)` for one build).
public protocol BuildStep: Sendable {
    var name: BuildStepName { get }
    func run(_ context: inout BuildContext) throws
}

/// A step's name: in progress events, in errors about step order, in docs/architecture.md.
public struct BuildStepName: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let loadSettings: BuildStepName = "load-settings"
    public static let loadBook: BuildStepName = "load-book"
    public static let stage: BuildStepName = "stage"
    public static let render: BuildStepName = "render"
    public static let checkLinks: BuildStepName = "check-links"
    public static let writePages: BuildStepName = "write-pages"
    public static let index: BuildStepName = "index"
    public static let swapIn: BuildStepName = "swap-in"
}
