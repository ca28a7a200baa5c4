import Foundation
import QuireAnswer
import QuireServer
import Testing

/// `/v1/chat/completions` and `/v1/models` driven by the official `openai` Python package
/// (installed in `.cache/test-venv` by `scripts/setup.sh --test`; `PYTHON` overrides).
@Suite struct OpenAIClientTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/openai_client.py")

    /// The test venv's Python, or a failure saying how to get it (never a silent skip).
    static func python() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let path = env["PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? repo.appendingPathComponent(".cache/test-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSetupError("no Python at \(path): run `scripts/setup.sh --test` (it creates .cache/test-venv with the openai package), or set PYTHON")
        }
        return path
    }

    struct TestSetupError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Runs the script and returns its stdout, failing with its stderr.
    static func run(_ python: String, _ args: [String]) async throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script.path] + args
        var env = ProcessInfo.processInfo.environment
        env["NO_PROXY"] = "127.0.0.1,localhost"
        env["no_proxy"] = "127.0.0.1,localhost"
        p.environment = env
        let out = Pipe()
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("openai-client-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errFile)
        // Wait on a GCD thread, never on the cooperative pool (the server under test runs there).
        let stdout: Data = try await withCheckedThrowingContinuation { cont in
            DispatchQueue.global().async {
                do { try p.run() } catch { cont.resume(throwing: error); return }
                let data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                cont.resume(returning: data)
            }
        }
        let stderr = (try? Data(contentsOf: errFile)) ?? Data()
        let errText = String(decoding: stderr, as: UTF8.self)
        if errText.contains("No module named 'openai'") {
            throw TestSetupError("the Python at \(python) has no openai package: run `scripts/setup.sh --test`")
        }
        guard p.terminationStatus == 0 else {
            throw TestSetupError("openai client script failed (exit \(p.terminationStatus)):\n\(errText)")
        }
        return String(decoding: stdout, as: UTF8.self)
    }

    @Test func theOfficialOpenAIPythonClientWorksUnchanged() async throws {
        let python = try Self.python()
        let question = "What does the Jacobian matrix relate?"
        try await withServer { client, _, _ in
            let stdout = try await Self.run(python, ["http://127.0.0.1:\(client.port)/v1", question])
            let out = try #require((try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any], "not JSON: \(stdout)")
            #expect(out["models"] as? [String] == ["quire"])

            let plain = try #require(out["plain"] as? [String: Any])
            #expect(plain["object"] as? String == "chat.completion")
            #expect(plain["role"] as? String == "assistant" && plain["finish_reason"] as? String == "stop")
            let content = plain["content"] as? String ?? ""
            #expect(content.hasPrefix(ExtractiveAnswerer.extractedNote))
            #expect(content.contains("The Jacobian matrix relates joint velocities to end-effector velocities. [1]"))
            #expect(content.contains("Sources:\n[1] Inverse Kinematics"))
            let citations = plain["citations"] as? [[String: Any]] ?? []
            #expect(citations.first?["n"] as? Int == 1)
            #expect((citations.first?["url"] as? String)?.hasPrefix("/docs/kinematics/inverse") == true)

            let stream = try #require(out["stream"] as? [String: Any])
            #expect(stream["content"] as? String == content, "streamed and non-streamed answers differ")
            #expect(stream["finish_reason"] as? String == "stop")
            #expect((stream["chunks"] as? Int ?? 0) >= 3)
            #expect(stream["usage"] is Int)
            let streamCitations = stream["citations"] as? [[String: Any]] ?? []
            #expect(streamCitations.count == citations.count && streamCitations.first?["url"] as? String == citations.first?["url"] as? String)

            let bad = out["empty_messages_error"] as? [String: Any]
            #expect(bad?["status"] as? Int == 400 && bad?["param"] as? String == "messages")
        }
    }
}
