import Foundation
@testable import QuireAnswer
import QuireEmbedding
import QuireIndex
import QuireMarkdown
import Testing

/// What a reader gets from `AnswerEngine` when the model fails: the book's extractive answer,
/// the sources, and why the model was not used; a cut stream keeps its text, marked as cut.
@Suite(.serialized) struct AnswerFallbackTests {
    static let index: SearchIndex = {
        func para(_ t: String) -> Block { Block(kind: .paragraph, text: t, line: 1) }
        let pages = [
            IndexPage(source: "kinematics/inverse.md", url: "/docs/kinematics/inverse", title: "Inverse Kinematics", blocks: [
                Block(kind: .heading, text: "The Jacobian", headingLevel: 2, headingID: "the-jacobian", line: 1),
                para("The Jacobian matrix relates joint velocities to end-effector velocities. Damping keeps the pseudo-inverse stable."),
            ]),
            IndexPage(source: "sensors/lidar.md", url: "/docs/sensors/lidar", title: "LIDAR", blocks: [
                para("A LIDAR sensor measures distance with laser pulses and builds a point cloud."),
            ]),
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-answer-fallback-\(UUID().uuidString).qidx")
        try! IndexBuilder(embedder: HashEmbedder(), bookTitle: "Robots").build(pages: pages).data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try! SearchIndex(contentsOf: url, expectedModelHash: nil)
    }()

    static let question = AskRequest(question: "What does the Jacobian matrix relate?")

    func engine(_ base: String, failures: Int = 3) -> AnswerEngine {
        let c = LLMConfiguration(kind: .openaiCompatible, baseURL: base + "/v1", model: "fake-model",
                                 retry: RetryPolicy(maxRetries: 0),
                                 // Generous limits: these tests are about which failure is reported, and a
                                 // refused connection must be seen as one even on a loaded CI machine.
                                 limits: LLMLimits(connect: 20, firstToken: 30, total: 60, circuit: .init(failureThreshold: failures, coolDown: 60)))
        return AnswerEngine(index: Self.index, embedder: HashEmbedder(), provider: c.makeProvider(), cache: nil)
    }

    func events(_ engine: AnswerEngine) async throws -> (sources: [Citation], text: String, done: AnswerSummary?) {
        var sources: [Citation] = []
        var text = ""
        var done: AnswerSummary?
        for try await event in engine.answer(Self.question) {
            switch event {
            case .sources(let c): sources = c
            case .delta(let d): text += d
            case .done(let s): done = s
            }
        }
        return (sources, text, done)
    }

    @Test func aClosedPortGivesTheBooksAnswerAndSaysWhy() async throws {
        let port = try FakeLLMServer.closedPort()
        let r = try await events(engine("http://127.0.0.1:\(port)"))
        let done = try #require(r.done)
        #expect(done.mode == .extractive && !done.cut)
        #expect(done.fallbackReason?.contains("llm unreachable") == true, "\(String(describing: done.fallbackReason))")
        #expect(done.json.contains("\"fallback_reason\": \"llm unreachable"))
        #expect(!r.sources.isEmpty && r.sources[0].url.hasPrefix("/docs/kinematics/inverse"))
        #expect(r.text.contains("Jacobian"))
    }

    @Test func deathMidStreamKeepsThePartialTextMarkedAsCutAndTheSources() async throws {
        let fake = try FakeLLMServer([.stream(FakeLLMServer.openAIEvents(["The Jacobian", " relates joint"], done: false), die: true)])
        defer { fake.stop() }
        let r = try await events(engine(fake.baseURL))
        let done = try #require(r.done)
        #expect(done.mode == .extractive && done.cut)
        #expect(done.json.contains("\"cut\": true"))
        #expect(r.text.hasPrefix("The Jacobian relates joint"))
        #expect(r.text.contains("interrupted"))
        #expect(!r.sources.isEmpty)
    }

    @Test func anOpenCircuitAnswersFromTheBookWithoutAskingTheProvider() async throws {
        let port = try FakeLLMServer.closedPort()
        let engine = engine("http://127.0.0.1:\(port)", failures: 1)
        _ = try await events(engine)
        #expect(engine.provider?.circuit?.snapshot.state == .open)
        let r = try await events(engine)
        let done = try #require(r.done)
        #expect(done.mode == .extractive)
        #expect(done.fallbackReason?.contains("llm unavailable") == true, "\(String(describing: done.fallbackReason))")
        #expect(!r.sources.isEmpty && r.text.contains("Jacobian"))
    }
}
