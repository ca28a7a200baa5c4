import ArgumentParser
import Foundation
import QuireSupport

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Turn a Docusaurus-style Markdown book into a static site and a searchable index.",
        subcommands: [Build.self, Serve.self, Search.self, Ask.self, Eval.self, Inspect.self, Embed.self, Report.self]
    )
}

/// Not built yet: says so and exits 2.
func notYetBuilt(_ name: String) -> ExitCode {
    FileHandle.standardError.write(Data("quire \(name): not available in this version yet\n".utf8))
    return ExitCode(2)
}

/// Prints a user error (file:line: message) and exits 1.
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode(1)
}
