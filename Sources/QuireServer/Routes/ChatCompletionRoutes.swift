import Foundation
import Hummingbird
import Logging
import QuireAnswer

/// `POST /v1/chat/completions` and `GET /v1/models`, OpenAI-compatible, so any OpenAI client or
/// chat UI can talk to the book. The answer's sources are appended to the content as a
/// "Sources" list (chat UIs show them) and given as `citations` beside `choices` (in the last
/// chunk when streamed).
struct ChatCompletionRoutes {
    typealias Context = QuireRequestContext
    let engines: EngineHolder
    let body: JSONBodyDecoder
    let recorder: AnswerRecorder

    func add(models v1: some RouterMethods<Context>) {
        v1.get("models") { _, _ in ModelList() }
    }

    func add(completions v1: some RouterMethods<Context>) {
        v1.post("chat/completions") { request, context in try await complete(request, context) }
    }

    func complete(_ request: Request, _ context: Context) async throws -> Response {
        let chat = try await body.decode(ChatCompletionBody.self, from: request)
        let ask = chat.ask
        let id = "chatcmpl-" + AnswerEngine.newAnswerID()
        let created = Int(Date().timeIntervalSince1970)
        let engine = engines.engine

        if !chat.stream {
            let (text, citations, summary) = try await engine.answerAll(ask)
            recorder.record(ask, summary)
            let message = ChatCompletion.Delta(role: "assistant", content: text + Self.sourcesText(citations, text))
            return try ChatCompletion.Whole(id: id, created: created, model: chat.model, choices: [.init(message: message, finishReason: "stop")],
                                            usage: .init(summary), citations: citations, quire: AnswerDone(summary))
                .response(from: request, context: context)
        }
        let events = engine.answer(ask)
        let logger = context.logger
        let recorder = recorder
        @Sendable func chunk(_ delta: ChatCompletion.Delta, finish: String? = nil) -> ChatCompletion.Chunk {
            ChatCompletion.Chunk(id: id, created: created, model: chat.model, choices: [.init(delta: delta, finishReason: finish)])
        }
        return Response(status: .ok, headers: ServerSentEvents.headers, body: ResponseBody { writer in
            do {
                try await writer.write(ServerSentEvents.data(chunk(.init(role: "assistant", content: ""))))
                var citations: [Citation] = []
                var text = ""
                for try await event in events {
                    switch event {
                    case .sources(let c):
                        citations = c
                    case .delta(let d):
                        text += d
                        try await writer.write(ServerSentEvents.data(chunk(.init(content: d))))
                    case .done(let s):
                        recorder.record(ask, s)
                        let sources = Self.sourcesText(citations, text)
                        if !sources.isEmpty { try await writer.write(ServerSentEvents.data(chunk(.init(content: sources)))) }
                        var last = chunk(.init(), finish: "stop")
                        last.citations = citations
                        last.quire = AnswerDone(s)
                        try await writer.write(ServerSentEvents.data(last))
                        if chat.includeUsage {
                            let usage = ChatCompletion.Chunk(id: id, created: created, model: chat.model, choices: [], usage: .init(s))
                            try await writer.write(ServerSentEvents.data(usage))
                        }
                    }
                }
            } catch {
                logger.warning("chat stream ended early", metadata: ["error": "\(error)"])
                if let failure = try? ServerSentEvents.data(ChatCompletion.StreamFailure()) { try? await writer.write(failure) }
            }
            try await writer.write(ServerSentEvents.done)
            try await writer.finish(nil)
        })
    }

    /// "\n\nSources:\n[1] Title › Heading — /docs/x#y" for the citations the text uses
    /// (all of them when it uses none).
    static func sourcesText(_ citations: [Citation], _ text: String) -> String {
        guard !citations.isEmpty else { return "" }
        let used = citations.filter { text.contains("[\($0.n)]") }
        let list = used.isEmpty ? citations : used
        return "\n\nSources:\n" + list.map { "[\($0.n)] \($0.label) — \($0.url)" }.joined(separator: "\n")
    }
}

/// `GET /v1/models`: the one model, `quire`.
struct ModelList: ResponseEncodable {
    struct Model: Encodable {
        var id = "quire"
        var object = "model"
        var created = 0
        var ownedBy = "quire"

        enum CodingKeys: String, CodingKey { case id, object, created, ownedBy = "owned_by" }
    }

    var object = "list"
    var data = [Model()]
}
