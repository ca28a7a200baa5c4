import Foundation
import QuireIndex

/// search-bundle: the static search bundle (docs/search-bundle.md) made from the index the
/// `index` step wrote, into staging, so the published site searches itself with no server.
/// Runs only when the index is built (`--no-index` leaves both out).
public struct SearchBundleStep: BuildStep {
    public let name = BuildStepName.searchBundle
    public init() {}

    public func run(_ context: inout BuildContext) throws {
        let index = try context.require(context.index, .index)
        let contents = try IndexReader.parse(index.data)
        let stats = try StaticBundleWriter(contents: contents).write(into: try context.staging)
        context.summary.append("search bundle: \(stats.files) files, \(stats.compressedBytes / 1024) KB compressed")
    }
}

extension BuildStepName {
    public static let searchBundle: BuildStepName = "search-bundle"
}
