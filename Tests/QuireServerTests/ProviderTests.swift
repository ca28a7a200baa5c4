import Foundation
import QuireAnswer
import QuireServer
import Testing

/// Answers through real local LLM servers that speak the OpenAI and Anthropic streaming
/// protocols, including their failure modes.
@Suite(.serialized) struct ProviderTests {
    let question = #"{"question": "What does the Jacobian matrix relate?", "stream": false}"#

    func ask(_ llm: LLMConfiguration, _ body: String? = nil) async throws -> HTTPResult {
        let q = body ?? question
        return try await withServer({ $0.llm = llm }) { client, _, _ in
            try await client.post("/api/ask", q)
        }
    }

    @Test func openAIStreamsAnAnswerWithCitations() async throws {
        let fake = FakeProvider([.stream(FakeProvider.openAIStream(["The Jacobian relates joint", " velocities to end-effector velocities [1]."]))])
        try await fake.run { base in
            let r = try await ask(fakeLLM(.openai, base))
            #expect(r.json["mode"] as? String == "llm")
            #expect(r.json["answer"] as? String == "The Jacobian relates joint velocities to end-effector velocities [1].")
            let req = try #require(fake.requests.first)
            #expect(req.path == "/v1/chat/completions")
            #expect(req.headers["authorization"] == "Bearer sk-test-key")
            let body = try #require((try? JSONSerialization.jsonObject(with: Data(req.body.utf8))) as? [String: Any])
            #expect(body["stream"] as? Bool == true && body["model"] as? String == "test-model")
            let messages = body["messages"] as? [[String: Any]] ?? []
            #expect((messages.first?["content"] as? String)?.contains("[1] Inverse Kinematics") == true)
        }
    }

    @Test func retriesAfter429WithRetryAfterAndAfter500() async throws {
        let fake = FakeProvider([
            .status(429, ["retry-after-ms": "20"], #"{"error": {"message": "slow down", "type": "rate_limit_error"}}"#),
            .status(500, [:], #"{"error": {"message": "boom"}}"#),
            .stream(FakeProvider.openAIStream(["Fine [1]."])),
        ])
        try await fake.run { base in
            let r = try await ask(fakeLLM(.openaiCompatible, base))
            #expect(r.json["mode"] as? String == "llm" && r.json["answer"] as? String == "Fine [1].")
            #expect(fake.requests.count == 3)
        }
    }

    @Test func quotaErrorsAreNotRetriedAndFallBack() async throws {
        let fake = FakeProvider([.status(429, [:], #"{"error": {"message": "You exceeded your quota", "type": "insufficient_quota", "code": "insufficient_quota"}}"#)])
        try await fake.run { base in
            let r = try await ask(fakeLLM(.openai, base))
            #expect(r.json["mode"] as? String == "extractive")
            #expect((r.json["fallback_reason"] as? String)?.contains("quota") == true)
            #expect((r.json["answer"] as? String)?.hasPrefix(ExtractiveAnswerer.extractedNote) == true)
            #expect(fake.requests.count == 1)
        }
    }

    @Test func aStreamCutMidwayFallsBackCleanly() async throws {
        let pieces = Array(FakeProvider.openAIStream(["The Jacobian", " relates"]).prefix(3))
        for cut in [true, false] {
            let fake = FakeProvider([.stream(pieces, cut: cut)])
            try await fake.run { base in
                let r = try await ask(fakeLLM(.openai, base), #"{"question": "What does the Jacobian matrix relate?"}"#)
                let events = r.events
                #expect(events.last?.event == "done")
                let done = (try? JSONSerialization.jsonObject(with: Data(events.last!.data.utf8))) as? [String: Any]
                #expect(done?["mode"] as? String == "extractive")
                #expect(done?["fallback_reason"] != nil)
                let text = events.filter { $0.event == "delta" }.map(\.data).joined()
                #expect(text.contains("The Jacobian") && text.contains("interrupted") && text.contains("Extracted from the book"))
            }
        }
    }

    @Test func aHangingProviderTimesOut() async throws {
        let fake = FakeProvider([.hang])
        try await fake.run { base in
            let start = Date()
            let r = try await ask(fakeLLM(.openai, base, timeout: 1))
            #expect(r.json["mode"] as? String == "extractive")
            #expect((r.json["fallback_reason"] as? String)?.contains("timeout") == true)
            #expect(Date().timeIntervalSince(start) < 10)
        }
    }

    @Test func anthropicStreamsAndReportsUsage() async throws {
        let fake = FakeProvider([.stream(FakeProvider.anthropicStream(["A LIDAR measures", " distance [1]."]))])
        try await fake.run { base in
            var llm = fakeLLM(.anthropic, base)
            llm.apiKey = "sk-ant-test"
            let r = try await ask(llm, #"{"question": "What does a LIDAR measure?"}"#)
            let events = r.events
            let text = events.filter { $0.event == "delta" }.compactMap {
                ((try? JSONSerialization.jsonObject(with: Data($0.data.utf8))) as? [String: Any])?["text"] as? String
            }.joined()
            #expect(text == "A LIDAR measures distance [1].")
            let done = (try? JSONSerialization.jsonObject(with: Data(events.last!.data.utf8))) as? [String: Any]
            #expect(done?["mode"] as? String == "llm")
            #expect((done?["usage"] as? [String: Any])?["output_tokens"] as? Int == 12)
            let req = try #require(fake.requests.first)
            #expect(req.path == "/v1/messages" && req.headers["x-api-key"] == "sk-ant-test" && req.headers["anthropic-version"] == "2023-06-01")
            let body = try #require((try? JSONSerialization.jsonObject(with: Data(req.body.utf8))) as? [String: Any])
            #expect((body["system"] as? String)?.contains("<excerpts>") == true)
        }
    }

    @Test func anthropicErrorEventMidStreamFallsBack() async throws {
        let events = Array(FakeProvider.anthropicStream(["Partial"]).prefix(4))
            + ["event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"]
        let fake = FakeProvider([.stream(events)])
        try await fake.run { base in
            let r = try await ask(fakeLLM(.anthropic, base))
            #expect(r.json["mode"] as? String == "extractive")
            #expect((r.json["fallback_reason"] as? String)?.contains("overloaded_error") == true)
            #expect((r.json["answer"] as? String)?.hasPrefix("Partial") == true)
        }
    }
}

