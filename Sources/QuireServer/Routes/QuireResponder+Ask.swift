import Foundation
import HTTPTypes
import Hummingbird
import QuireAnswer
import QuireIndex

extension QuireResponder {
    /// `POST /api/ask`: SSE (`sources`, `delta`…, `done` or `error`) or, with
    /// `"stream": false`, one JSON object `{answer, citations, mode, …}`.
    func ask(_ request: Request, context: Context) async throws -> Response {
        let body = try await jsonBody(request)
        let ask = try parseAsk(body)
        var stream = true
        if let s = body["stream"], !(s is NSNull) {
            guard let b = s as? Bool else { throw APIError.badRequest("'stream' must be true or false", field: "stream") }
            stream = b
        }
        let engine = engines.engine
        if !stream {
            let (text, citations, summary) = try await engine.answerAll(ask)
            record(ask, summary, citations)
            var out = "{\"answer\": \(JSONText.string(text)), \"citations\": \(Citation.json(citations)), \"mode\": \"\(summary.mode.rawValue)\", "
            out += "\"answer_id\": \(JSONText.string(summary.answerID)), \"covered\": \(summary.covered), \"cached\": \(summary.cached)"
            if let r = summary.fallbackReason { out += ", \"fallback_reason\": \(JSONText.string(r))" }
            return .json(out + "}\n")
        }
        let events = engine.answer(ask)
        let logger = context.logger
        return Response(status: .ok, headers: Self.sseHeaders, body: ResponseBody { writer in
            do {
                for try await event in events {
                    switch event {
                    case .sources(let c):
                        try await writer.write(Self.sse("sources", "{\"citations\": \(Citation.json(c))}"))
                    case .delta(let d):
                        try await writer.write(Self.sse("delta", "{\"text\": \(JSONText.string(d))}"))
                    case .done(let s):
                        self.record(ask, s, nil)
                        try await writer.write(Self.sse("done", s.json))
                    }
                }
            } catch {
                logger.warning("answer stream ended early", metadata: ["error": "\(error)"])
                try? await writer.write(Self.sse("error", "{\"error\": {\"code\": \"internal_error\", \"message\": \"the answer could not be completed\"}}"))
            }
            try await writer.finish(nil)
        })
    }

    static let sseHeaders: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
        HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    static func sse(_ event: String, _ data: String) -> ByteBuffer {
        ByteBuffer(string: "event: \(event)\ndata: \(data)\n\n")
    }

    func parseAsk(_ body: [String: Any]) throws -> AskRequest {
        guard let raw = body["question"], !(raw is NSNull) else {
            throw APIError.badRequest("missing field 'question' (the reader's question, a string)", field: "question")
        }
        guard let q0 = raw as? String else { throw APIError.badRequest("'question' must be a string", field: "question") }
        let question = q0.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw APIError.badRequest("'question' is empty", field: "question") }
        guard question.count <= config.maxQuestionLength else {
            throw APIError.badRequest("'question' is too long (\(question.count) characters; the limit is \(config.maxQuestionLength))", field: "question", code: "too_long")
        }
        var selection: String?
        if let s = body["selection"], !(s is NSNull) {
            guard let str = s as? String else { throw APIError.badRequest("'selection' must be a string", field: "selection") }
            guard str.count <= config.maxSelectionLength else {
                throw APIError.badRequest("'selection' is too long (\(str.count) characters; the limit is \(config.maxSelectionLength))", field: "selection", code: "too_long")
            }
            selection = str.isEmpty ? nil : str
        }
        var history: [ChatMessage] = []
        if let h = body["history"], !(h is NSNull) {
            guard let turns = h as? [Any] else { throw APIError.badRequest("'history' must be an array of {role, content}", field: "history") }
            guard turns.count <= config.maxHistoryTurns else {
                throw APIError.badRequest("'history' has \(turns.count) turns; the limit is \(config.maxHistoryTurns)", field: "history", code: "too_long")
            }
            for (i, t) in turns.enumerated() {
                guard let o = t as? [String: Any], let role = o["role"] as? String, let content = o["content"] as? String else {
                    throw APIError.badRequest("'history[\(i)]' must be {\"role\": \"user\"|\"assistant\", \"content\": string}", field: "history[\(i)]")
                }
                guard role == "user" || role == "assistant" else {
                    throw APIError.badRequest("'history[\(i)].role' must be \"user\" or \"assistant\"", field: "history[\(i)].role")
                }
                guard content.count <= config.maxSelectionLength else {
                    throw APIError.badRequest("'history[\(i)].content' is too long (limit \(config.maxSelectionLength) characters)", field: "history[\(i)].content", code: "too_long")
                }
                history.append(ChatMessage(role: role, content: content))
            }
        }
        return AskRequest(question: question, selection: selection, history: history)
    }

    /// Metrics and the question log for `quire report`.
    func record(_ ask: AskRequest, _ s: AnswerSummary, _ citations: [Citation]?) {
        if s.cached { metrics.cacheHits.increment() } else { metrics.cacheMisses.increment() }
        if !s.cached { metrics.retrieval.recordNanoseconds(Int64(s.retrievalSeconds * 1e9)) }
        if let l = s.llmSeconds { metrics.llm.recordNanoseconds(Int64(l * 1e9)) }
        if let i = s.inputTokens { metrics.tokensIn.increment(by: Int64(i)) }
        if let o = s.outputTokens { metrics.tokensOut.increment(by: Int64(o)) }
        if s.fallbackReason != nil { metrics.fallbacks.increment() }
        guard let questions else { return }
        let line = "{\"time\": \"\(EventLog.timestamp())\", \"answer_id\": \(JSONText.string(s.answerID)), \"question\": \(JSONText.string(ask.question)), "
            + "\"mode\": \"\(s.mode.rawValue)\", \"covered\": \(s.covered), \"relevance\": \(JSONText.number(s.relevance, digits: 3)), \"cached\": \(s.cached)}"
        try? questions.append(line)
    }

    /// `POST /api/feedback` `{answer_id, vote: "up"|"down", comment?}`.
    func postFeedback(_ request: Request) async throws -> Response {
        let body = try await jsonBody(request)
        guard let id = body["answer_id"] as? String, !id.isEmpty, id.count <= 64 else {
            throw APIError.badRequest("missing or invalid 'answer_id' (the answer_id of the done event, a string)", field: "answer_id")
        }
        guard let vote = body["vote"] as? String, vote == "up" || vote == "down" else {
            throw APIError.badRequest("'vote' must be \"up\" or \"down\"", field: "vote")
        }
        var comment = ""
        if let c = body["comment"], !(c is NSNull) {
            guard let s = c as? String else { throw APIError.badRequest("'comment' must be a string", field: "comment") }
            guard s.count <= 2_000 else { throw APIError.badRequest("'comment' is too long (limit 2000 characters)", field: "comment", code: "too_long") }
            comment = s
        }
        guard let feedback else {
            throw APIError(.serviceUnavailable, "feedback_off", "feedback is not recorded by this server (no data directory)")
        }
        try feedback.append("{\"time\": \"\(EventLog.timestamp())\", \"answer_id\": \(JSONText.string(id)), \"vote\": \"\(vote)\", \"comment\": \(JSONText.string(comment))}")
        return .json("{\"status\": \"recorded\"}\n", status: .created)
    }
}
