import Foundation
import QuireSite

/// The index part of `quire build` (chunk, embed, write `index.qidx` into the staging folder).
enum IndexStep {
    static func run(result: SiteBuildResult, output: OutputDirectory, previous: URL, model: String?, tty: Bool) throws -> String {
        ""
    }
}
