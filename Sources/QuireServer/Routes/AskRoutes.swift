import Hummingbird
import Logging
import QuireAnswer

/// `POST /api/ask`: Server-Sent Events (`sources`, `delta`…, then `done` or `error`) or, with
/// `"stream": false`, one JSON object (`AskAnswer`).
struct AskRoutes {
    typealias Context = QuireRequestContext
    let engines: EngineHolder
    let body: JSONBodyDecoder
    let recorder: AnswerRecorder

    func add(to api: some RouterMethods<Context>) {
        api.post("ask") { request, context in try await ask(request, context) }
    }

    func ask(_ request: Request, _ context: Context) async throws -> Response {
        let parsed = try await body.decode(AskBody.self, from: request)
        let ask = parsed.ask
        let engine = engines.engine
        if !parsed.stream {
            let (text, citations, summary) = try await engine.answerAll(ask)
            recorder.record(ask, summary)
            return try AskAnswer(text: text, citations: citations, summary: summary).response(from: request, context: context)
        }
        let events = engine.answer(ask)
        let logger = context.logger
        let recorder = recorder
        return Response(status: .ok, headers: ServerSentEvents.headers, body: ResponseBody { writer in
            do {
                for try await event in events {
                    switch event {
                    case .sources(let c):
                        try await writer.write(ServerSentEvents.event("sources", AskEvent.Sources(citations: c)))
                    case .delta(let d):
                        try await writer.write(ServerSentEvents.event("delta", AskEvent.Delta(text: d)))
                    case .done(let s):
                        recorder.record(ask, s)
                        try await writer.write(ServerSentEvents.event("done", AnswerDone(s)))
                    }
                }
            } catch {
                logger.warning("answer stream ended early", metadata: ["error": "\(error)"])
                if let failure = try? ServerSentEvents.event("error", AskEvent.failure) { try? await writer.write(failure) }
            }
            try await writer.finish(nil)
        })
    }
}
