import Foundation
import QuireSupport

/// The build of a book as one sequence of named steps:
///
///     load-settings → load-book → stage → render → check-links → write-pages → index → swap-in
///
/// Steps write into a staging folder beside the output; `swap-in` renames it into place only
/// when every step succeeded, so a failed build leaves the previous output untouched.
/// `quire build`, the retrieval gate and the benchmark tests all run this type.
///
///     var options = BuildOptions(content: contentURL, output: distURL)
///     options.links = .warn
///     let report = try BuildPipeline(options: options).run()
public struct BuildPipeline: Sendable {
    public var options: BuildOptions
    public var steps: [any BuildStep]

    public init(options: BuildOptions) {
        self.options = options
        self.steps = Self.standardSteps(for: options)
    }

    /// The steps of `quire build` for these options (no `index` with `--no-index`).
    public static func standardSteps(for options: BuildOptions) -> [any BuildStep] {
        var steps: [any BuildStep] = [LoadSettingsStep(), LoadBookStep(), StageStep(), RenderStep(), CheckLinksStep(), WritePagesStep()]
        if options.buildIndex { steps.append(IndexStep()); steps.append(SearchBundleStep()) }
        steps.append(SwapInStep())
        return steps
    }

    /// Puts `step` right after the step named `name` (before `swap-in` if there is no such step).
    public mutating func insert(_ step: any BuildStep, after name: BuildStepName) {
        if let i = steps.firstIndex(where: { $0.name == name }) {
            steps.insert(step, at: i + 1)
        } else {
            steps.insert(step, at: steps.firstIndex { $0.name == .swapIn } ?? steps.endIndex)
        }
    }

    /// Runs every step in order. On an error the staging folder is removed and the output
    /// folder stays as it was.
    @discardableResult
    public func run() throws -> BuildReport {
        let start = Date()
        var context = BuildContext(options: options)
        do {
            for step in steps {
                try step.run(&context)
                context.emit(.finished(step.name))
            }
        } catch {
            if !context.swappedIn { context.output?.discard() }
            throw error
        }
        return BuildReport(context: context, seconds: Date().timeIntervalSince(start))
    }
}
