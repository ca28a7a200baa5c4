import Foundation
import QuireAnswer
import QuireServer
import Testing

/// The LLM circuit breaker as readers and operators see it through a live `quire serve`:
/// answers from the book with the reason, `llm_circuit` in /api/ready, the circuit metrics.
@Suite(.serialized) struct LLMCircuitRouteTests {
    @Test func aDeadProviderOpensTheCircuitAndReadyAndMetricsSayIt() async throws {
        // A port where nothing listens: every provider call is refused at once.
        let probe = try FakeProvider.closedPortURL()
        var llm = fakeLLM(.openaiCompatible, probe)
        llm.limits.circuit = .init(failureThreshold: 2, coolDown: 60)
        try await withServer({ $0.llm = llm }) { client, _, _ in
            let before = try await client.get("/api/ready").json["llm_circuit"] as? [String: Any]
            #expect(before?["state"] as? String == "closed")
            for _ in 0..<2 {
                let r = try await client.post("/api/ask", #"{"question": "What does the Jacobian matrix relate?", "stream": false}"#)
                #expect(r.json["mode"] as? String == "extractive")
                #expect((r.json["fallback_reason"] as? String)?.contains("llm unreachable") == true)
            }
            let open = try await client.post("/api/ask", #"{"question": "What does a LIDAR measure?", "stream": false}"#)
            #expect((open.json["fallback_reason"] as? String)?.contains("llm unavailable") == true)
            #expect((open.json["answer"] as? String)?.isEmpty == false)
            let ready = try await client.get("/api/ready").json["llm_circuit"] as? [String: Any]
            #expect(ready?["state"] as? String == "open")
            #expect(ready?["opened"] as? Int == 1 && ready?["consecutive_failures"] as? Int == 2)
            #expect((ready?["retry_in_s"] as? Int ?? 0) > 0)
            let metrics = try await client.get("/metrics").body
            #expect(metrics.contains("quire_llm_circuit_state 1"))
            #expect(metrics.contains("quire_llm_circuit_opened_total 1"))
        }
    }

    @Test func withoutAProviderReadyHasNoCircuit() async throws {
        try await withServer { client, _, _ in
            let ready = try await client.get("/api/ready")
            #expect(ready.json["llm_circuit"] == nil)
            let metrics = try await client.get("/metrics").body
            #expect(!metrics.contains("quire_llm_circuit"))
        }
    }
}

extension FakeProvider {
    /// The base URL of a loopback port nothing listens on.
    static func closedPortURL() throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return "http://127.0.0.1:\(UInt16(bigEndian: addr.sin_port))"
    }
}
