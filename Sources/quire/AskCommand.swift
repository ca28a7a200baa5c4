import ArgumentParser
import Foundation
import QuireAnswer
import QuireIndex
import QuireSupport

struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Answer a question from the book.",
        discussion: "Uses the LLM set by QUIRE_LLM_PROVIDER (and its variables); without one, answers extractively.")
    @Option(help: "Index file.") var index = "dist/index.qidx"
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The question.") var question: [String]

    func run() async throws {
        do {
            let q = question.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !q.isEmpty else { throw ValidationError("the question is empty") }
            let llm = try LLMConfiguration.fromEnvironment()
            let retriever = try Retriever.forCommand(indexPath: index)
            let answerer = AnswerEngine(index: retriever.index, embedder: retriever.embedder,
                                        provider: llm.makeProvider(), cache: nil)
            let (text, citations, summary) = try await answerer.answerAll(AskRequest(question: q))
            if json {
                print(AskResult(answer: text, citations: citations, mode: summary.mode, covered: summary.covered).json())
                return
            }
            print(MathText.plain(text))  // a terminal shows math as Unicode; --json keeps the TeX
            let used = citations.filter { text.contains("[\($0.n)]") }
            if !used.isEmpty {
                print("\nSources:")
                for c in used { print("[\(c.n)] \(c.label) — \(c.url)") }
            }
            if let reason = summary.fallbackReason {
                FileHandle.standardError.write(Data("note: the model failed (\(reason)); the answer is extracted from the book\n".utf8))
            }
        } catch let e as QuireError {
            throw fail(e)
        }
    }
}
