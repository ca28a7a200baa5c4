import Foundation
import Logging
import QuireEmbedding
import QuireIndex
import QuireSupport

public enum AnswerMode: String, Sendable, Equatable, Codable {
    case llm, extractive
}

/// A question as the reader asks it.
public struct AskRequest: Sendable, Equatable {
    public var question: String
    public var selection: String?
    public var history: [ChatMessage]

    public init(question: String, selection: String? = nil, history: [ChatMessage] = []) {
        self.question = question
        self.selection = selection
        self.history = history
    }
}

/// How an answer ended (the `done` event).
public struct AnswerSummary: Sendable, Equatable {
    public var mode: AnswerMode
    public var answerID: String
    /// Whether retrieval found something relevant enough.
    public var covered: Bool
    /// Probability that the book covers the question (0...1), from the coverage model.
    public var relevance: Double
    /// What the coverage decision saw (not part of the JSON; nil for cached answers).
    public var features: CoverageFeatures?
    public var cached: Bool
    public var provider: String?
    public var model: String?
    /// Why the model was not used although one is configured.
    public var fallbackReason: String?
    /// The model's answer stopped part-way: the text streamed so far is kept and marked as cut,
    /// and the book's answer follows it.
    public var cut = false
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var retrievalSeconds: Double
    public var llmSeconds: Double?

    public var json: String {
        var out = "{\"mode\": \"\(mode.rawValue)\", \"answer_id\": \(JSONText.string(answerID)), \"covered\": \(covered), "
        out += "\"relevance\": \(JSONText.number(relevance, digits: 3)), \"cached\": \(cached)"
        if let provider { out += ", \"provider\": \(JSONText.string(provider))" }
        if let model { out += ", \"model\": \(JSONText.string(model))" }
        if let fallbackReason { out += ", \"fallback_reason\": \(JSONText.string(fallbackReason))" }
        if cut { out += ", \"cut\": true" }
        if let inputTokens, let outputTokens { out += ", \"usage\": {\"input_tokens\": \(inputTokens), \"output_tokens\": \(outputTokens)}" }
        return out + "}"
    }
}

public enum AnswerEvent: Sendable, Equatable {
    case sources([Citation])
    case delta(String)
    case done(AnswerSummary)
}

/// Retrieves, then answers with the model (streamed) or extractively, with citations.
/// Immutable: the server makes a new engine when it swaps the index.
public final class AnswerEngine: Sendable {
    public struct Options: Sendable {
        /// Chunks retrieved per question (the prompt's sources are their sections).
        public var k = 6
        /// Picks the sentences of an extractive answer.
        public var selector = SentenceSelector()
        /// Decides whether the book covers the question.
        public var coverage = CoverageModel.calibrated
        /// Without a model: covered when one chunk holds this IDF-weighted share of the question and
        /// the book knows this IDF-weighted share of its words (fitted like `coverage`; weaker:
        /// 96% answered / 94% flagged on this book's sets, 84% / 94% on ../shared/eval's).
        public var lexicalOnlyShare = 0.3
        public var lexicalOnlyVocabulary = 0.6
        public init() {}
    }

    public let index: SearchIndex
    public let embedder: (any Embedder)?
    public let provider: (any LLMProvider)?
    public let cache: AnswerCache?
    public let options: Options
    let logger: Logger
    let extractive = ExtractiveAnswerer()
    let tokenizer = Tokenizer()

    public init(index: SearchIndex, embedder: (any Embedder)?, provider: (any LLMProvider)?, cache: AnswerCache?,
                options: Options = Options(), logger: Logger = Logger(label: "quire.answer")) {
        self.index = index
        self.embedder = embedder
        self.provider = provider
        self.cache = cache
        self.options = options
        self.logger = logger
    }

    /// Identifies the loaded index (cache keys).
    public var indexVersion: String {
        let m = index.metadata
        return "\(m.buildTime)|\(m.chunkCount)|\(m.modelHash)|\(m.termCount)"
    }

    /// 16 hex digits the server can recognise later (feedback for other ids is refused).
    public static func newAnswerID() -> String { IssuedID.process.issue() }

    /// Retrieval for a question: its results and the coverage decision (see `gather`).
    public func retrieve(_ request: AskRequest) -> (results: [SearchResult], covered: Bool, relevance: Double) {
        let e = gather(request)
        return (e.results, e.covered, e.relevance)
    }

    /// The answer as events: `sources`, `delta`…, `done`. Never throws for provider
    /// failures (they fall back to extractive); throws only when cancelled.
    public func answer(_ request: AskRequest) -> AsyncThrowingStream<AnswerEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await self.run(request, continuation)
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The whole answer at once (`"stream": false`, `quire ask`).
    public func answerAll(_ request: AskRequest) async throws -> (text: String, citations: [Citation], summary: AnswerSummary) {
        var text = ""
        var citations: [Citation] = []
        var summary: AnswerSummary?
        for try await event in answer(request) {
            switch event {
            case .sources(let c): citations = c
            case .delta(let d): text += d
            case .done(let s): summary = s
            }
        }
        guard let summary else { throw CancellationError() }
        return (text, citations, summary)
    }

    private func run(_ request: AskRequest, _ out: AsyncThrowingStream<AnswerEvent, Error>.Continuation) async {
        let started = DispatchTime.now().uptimeNanoseconds
        let answerID = Self.newAnswerID()
        let key = AnswerCache.key(indexVersion: indexVersion, provider: provider.map { "\($0.name)/\($0.model)" } ?? "none",
                                  question: request.question, selection: request.selection, history: request.history)
        if let hit = cache?.get(key) {
            out.yield(.sources(hit.citations))
            out.yield(.delta(hit.text))
            out.yield(.done(AnswerSummary(mode: hit.mode, answerID: answerID, covered: hit.covered, relevance: hit.relevance,
                                          cached: true, provider: hit.mode == .llm ? provider?.name : nil,
                                          model: hit.mode == .llm ? provider?.model : nil, retrievalSeconds: 0)))
            return
        }
        let evidence = gather(request)
        let (results, covered, relevance) = (evidence.results, evidence.covered, evidence.relevance)
        let retrievalSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // With a model: the deduplicated sections, numbered in retrieval order, go to the prompt and
        // to the reader first. Without one: the citations the extractive answer uses, in order of use.
        let sections = SourceSection.group(results)
        var citations = sections.enumerated().map { $1.citation($0 + 1) }
        var composed: ExtractiveAnswer?
        if provider == nil || results.isEmpty {
            let a = extractiveAnswer(evidence)
            citations = a.citations
            composed = a
        }
        out.yield(.sources(citations))

        var text = ""
        var summary = AnswerSummary(mode: .extractive, answerID: answerID, covered: covered, relevance: relevance,
                                    cached: false, retrievalSeconds: retrievalSeconds)
        summary.features = evidence.features
        if let provider, !results.isEmpty {
            summary.provider = provider.name
            summary.model = provider.model
            let prompt = PromptBuilder(bookTitle: index.metadata.bookTitle)
                .request(question: request.question, selection: request.selection, history: request.history, sections: sections,
                         covered: covered)
            let llmStart = DispatchTime.now().uptimeNanoseconds
            do {
                for try await event in provider.stream(prompt) {
                    switch event {
                    case .text(let t):
                        text += t
                        out.yield(.delta(t))
                    case .usage(let i, let o):
                        summary.inputTokens = i
                        summary.outputTokens = o
                    }
                }
                summary.mode = .llm
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                // An open circuit was logged once when it opened; not again for every answer.
                let level: Logger.Level = (error as? LLMError)?.kind == .unavailable ? .debug : .warning
                logger.log(level: level, "llm failed, answering extractively", metadata: ["error": "\(error)", "answer_id": "\(answerID)"])
                summary.fallbackReason = "\(error)"
                summary.cut = !text.isEmpty
                if !text.isEmpty {
                    let note = "\n\n(The model's answer was interrupted; here is what the book says.)\n\n"
                    text += note
                    out.yield(.delta(note))
                }
            }
            summary.llmSeconds = Double(DispatchTime.now().uptimeNanoseconds - llmStart) / 1e9
        }
        if summary.mode == .extractive {
            let paragraphs = (composed ?? extractive.answer(evidence, numberedAs: citations)).paragraphs
            for (i, p) in paragraphs.enumerated() {
                let d = (i == 0 ? "" : "\n\n") + p
                text += d
                out.yield(.delta(d))
            }
        }
        if Task.isCancelled { return }
        // Only complete answers are cached; a fallback is not (the provider may be back soon).
        if summary.fallbackReason == nil {
            cache?.put(key, CachedAnswer(text: text, citations: citations, mode: summary.mode, covered: covered, relevance: relevance))
        }
        out.yield(.done(summary))
    }
}
