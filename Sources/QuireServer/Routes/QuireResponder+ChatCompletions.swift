import Foundation
import HTTPTypes
import Hummingbird
import QuireAnswer
import QuireIndex

extension QuireResponder {
    /// `POST /v1/chat/completions`, OpenAI-compatible. The last user message is the
    /// question, earlier user/assistant turns are the history; `model` is echoed back.
    /// The answer's sources are appended to the content as a "Sources" list (chat UIs
    /// show them) and given as `citations` beside `choices` (in the last chunk when streamed).
    func chatCompletions(_ request: Request, context: Context) async throws -> Response {
        let body = try await jsonBody(request)
        guard let raw = body["messages"] as? [Any], !raw.isEmpty else {
            throw APIError.badRequest("'messages' must be a non-empty array of {role, content}", field: "messages")
        }
        var turns: [ChatMessage] = []
        for (i, m) in raw.enumerated() {
            guard let o = m as? [String: Any], let role = o["role"] as? String else {
                throw APIError.badRequest("'messages[\(i)]' must be an object with 'role' and 'content'", field: "messages[\(i)]")
            }
            let content: String
            if let s = o["content"] as? String {
                content = s
            } else if let parts = o["content"] as? [Any] {
                content = parts.compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
            } else if o["content"] == nil || o["content"] is NSNull {
                content = ""
            } else {
                throw APIError.badRequest("'messages[\(i)].content' must be a string or an array of text parts", field: "messages[\(i)].content")
            }
            turns.append(ChatMessage(role: role, content: content))
        }
        guard let lastUser = turns.lastIndex(where: { $0.role == "user" }) else {
            throw APIError.badRequest("'messages' has no user message to answer", field: "messages")
        }
        let history = turns[..<lastUser].filter { $0.role == "user" || $0.role == "assistant" }.suffix(config.maxHistoryTurns)
        var parsed = try parseAsk(["question": turns[lastUser].content])
        parsed.history = Array(history)
        let ask = parsed
        let model = (body["model"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "quire"
        var stream = false
        if let s = body["stream"], !(s is NSNull) {
            guard let b = s as? Bool else { throw APIError.badRequest("'stream' must be true or false", field: "stream") }
            stream = b
        }
        let includeUsage = ((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool) ?? false
        let id = "chatcmpl-" + AnswerEngine.newAnswerID()
        let created = Int(Date().timeIntervalSince1970)
        let engine = engines.engine

        if !stream {
            let (text, citations, summary) = try await engine.answerAll(ask)
            record(ask, summary, citations)
            let content = text + Self.sourcesText(citations, text)
            let (pt, ct) = (summary.inputTokens ?? 0, summary.outputTokens ?? 0)
            var out = "{\"id\": \"\(id)\", \"object\": \"chat.completion\", \"created\": \(created), \"model\": \(JSONText.string(model)), "
            out += "\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \(JSONText.string(content))}, \"logprobs\": null, \"finish_reason\": \"stop\"}], "
            out += "\"usage\": {\"prompt_tokens\": \(pt), \"completion_tokens\": \(ct), \"total_tokens\": \(pt + ct)}, "
            out += "\"citations\": \(Citation.json(citations)), \"quire\": \(summary.json)}\n"
            return .json(out)
        }
        let events = engine.answer(ask)
        let logger = context.logger
        @Sendable func chunk(_ delta: String, finish: String? = nil, extra: String = "") -> ByteBuffer {
            let f = finish.map { "\"\($0)\"" } ?? "null"
            return ByteBuffer(string: "data: {\"id\": \"\(id)\", \"object\": \"chat.completion.chunk\", \"created\": \(created), \"model\": \(JSONText.string(model)), \"choices\": [{\"index\": 0, \"delta\": \(delta), \"logprobs\": null, \"finish_reason\": \(f)}]\(extra)}\n\n")
        }
        return Response(status: .ok, headers: Self.sseHeaders, body: ResponseBody { writer in
            do {
                try await writer.write(chunk("{\"role\": \"assistant\", \"content\": \"\"}"))
                var citations: [Citation] = []
                var text = ""
                for try await event in events {
                    switch event {
                    case .sources(let c):
                        citations = c
                    case .delta(let d):
                        text += d
                        try await writer.write(chunk("{\"content\": \(JSONText.string(d))}"))
                    case .done(let s):
                        self.record(ask, s, citations)
                        let sources = Self.sourcesText(citations, text)
                        if !sources.isEmpty { try await writer.write(chunk("{\"content\": \(JSONText.string(sources))}")) }
                        try await writer.write(chunk("{}", finish: "stop", extra: ", \"citations\": \(Citation.json(citations)), \"quire\": \(s.json)"))
                        if includeUsage {
                            let (pt, ct) = (s.inputTokens ?? 0, s.outputTokens ?? 0)
                            try await writer.write(ByteBuffer(string: "data: {\"id\": \"\(id)\", \"object\": \"chat.completion.chunk\", \"created\": \(created), \"model\": \(JSONText.string(model)), \"choices\": [], \"usage\": {\"prompt_tokens\": \(pt), \"completion_tokens\": \(ct), \"total_tokens\": \(pt + ct)}}\n\n"))
                        }
                    }
                }
            } catch {
                logger.warning("chat stream ended early", metadata: ["error": "\(error)"])
                try? await writer.write(ByteBuffer(string: "data: {\"error\": {\"message\": \"the answer could not be completed\", \"type\": \"server_error\"}}\n\n"))
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
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
