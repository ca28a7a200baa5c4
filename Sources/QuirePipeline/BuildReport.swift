import Foundation
import QuireBook
import QuireIndex
import QuireSupport

/// What a finished build made.
public struct BuildReport: Sendable {
    public var book: Book?
    public var htmlFiles: Int
    public var warnings: [Diagnostic]
    /// Set when the index step ran.
    public var index: IndexBuildStats?
    /// Phrases the steps added for the summary line, in step order.
    public var summary: [String]
    public var seconds: Double

    init(context: BuildContext, seconds: Double) {
        book = context.book
        htmlFiles = context.site?.htmlFiles ?? 0
        warnings = context.site?.warnings ?? []
        index = context.index?.stats
        summary = context.summary
        self.seconds = seconds
    }
}
