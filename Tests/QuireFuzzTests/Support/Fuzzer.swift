import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A small mutation fuzzer that runs inside `swift test` for a bounded time.
///
/// - The corpus is seeded from the tests' fixture files; inputs are mutated with a seeded
///   PRNG (`QUIRE_FUZZ_SEED`, default fixed so CI runs the same inputs every time).
/// - Each target runs for `QUIRE_FUZZ_SECONDS` (default 4) or `QUIRE_FUZZ_ITERATIONS` inputs.
/// - An input fails when the target throws a `FuzzFailure` (an invariant broke), takes longer
///   than the per-input limit, or raises the process's peak memory by more than the memory
///   limit. Failing inputs are saved under `Tests/QuireFuzzTests/Crashers/<target>/` and
///   replayed before anything else on every later run (regression fixtures).
/// - A crash kills the test process, so each input is first written to
///   `$TMPDIR/quire-fuzz/<target>.current`; the next run finds it, saves it as a crasher and
///   fails, naming the file.
struct Fuzzer {
    struct Target {
        var name: String
        var seeds: [[UInt8]]
        /// Tokens spliced into inputs (syntax of the format being fuzzed).
        var dictionary: [[UInt8]]
        var maxSize: Int
        var perInputLimit: Duration = .seconds(2)
        var memoryLimitMB: Int = 256
        /// Runs one input; throws `FuzzFailure` when an invariant does not hold.
        var body: ([UInt8]) throws -> Void
    }

    struct Finding: CustomStringConvertible {
        var what: String
        var saved: String
        var description: String { "\(what) (input saved as \(saved))" }
    }

    var rng: SplitMix64

    init() {
        let seed = ProcessInfo.processInfo.environment["QUIRE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5175_6972_65
        rng = SplitMix64(seed: seed)
    }

    static var seconds: Double {
        ProcessInfo.processInfo.environment["QUIRE_FUZZ_SECONDS"].flatMap(Double.init) ?? 4
    }
    static var iterations: Int {
        ProcessInfo.processInfo.environment["QUIRE_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1_000_000
    }

    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func crashersDir(_ target: String) -> URL {
        testsDir.appendingPathComponent("QuireFuzzTests/Crashers/\(target)")
    }
    static func breadcrumb(_ target: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-fuzz")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("\(target).current").path
    }

    /// Every file under `Tests/<relative>` whose name ends with one of `extensions`.
    static func fixtures(_ relative: String, extensions: [String]) -> [[UInt8]] {
        let root = testsDir.appendingPathComponent(relative)
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [[UInt8]] = []
        for case let path as String in e where extensions.contains(where: { path.hasSuffix($0) }) {
            if let d = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) { out.append([UInt8](d)) }
        }
        return out
    }

    /// Runs the saved crashers, then mutated inputs; returns what failed.
    mutating func run(_ t: Target) -> (inputs: Int, findings: [Finding]) {
        var findings: [Finding] = []
        let crumb = Self.breadcrumb(t.name)
        // A previous run died on this input.
        if let d = FileManager.default.contents(atPath: crumb) {
            let saved = save([UInt8](d), target: t.name, kind: "crash")
            findings.append(Finding(what: "the previous fuzz run crashed on an input of \(d.count) bytes", saved: saved))
            unlink(crumb)
        }
        let regressions = Self.fixtures("QuireFuzzTests/Crashers/\(t.name)", extensions: [""])
        var corpus = t.seeds.filter { $0.count <= t.maxSize }
        if corpus.isEmpty { corpus = [[]] }
        let deadline = ContinuousClock.now + .seconds(Self.seconds)
        var count = 0
        var index = 0
        while true {
            let input: [UInt8]
            if index < regressions.count {
                input = regressions[index]
            } else if index < regressions.count + corpus.count {
                input = corpus[index - regressions.count]
            } else {
                guard count < Self.iterations, ContinuousClock.now < deadline else { break }
                input = mutate(corpus[Int(rng.next() % UInt64(corpus.count))], corpus: corpus, t: t)
            }
            let isRegression = index < regressions.count
            index += 1
            count += 1
            writeBreadcrumb(input, to: crumb)
            let peakBefore = Self.peakRSSMB()
            let start = ContinuousClock.now
            var failure: String?
            do {
                try t.body(input)
            } catch let f as FuzzFailure {
                failure = f.message
            } catch {
                failure = "unexpected error type \(type(of: error)): \(error)"
            }
            let took = ContinuousClock.now - start
            let grew = Self.peakRSSMB() - peakBefore
            if failure == nil, took > t.perInputLimit { failure = "took \(took) (limit \(t.perInputLimit))" }
            if failure == nil, grew > t.memoryLimitMB { failure = "raised peak memory by \(grew) MB (limit \(t.memoryLimitMB) MB)" }
            if let f = failure {
                let saved = isRegression ? "(already a regression fixture)" : save(input, target: t.name, kind: "fail")
                findings.append(Finding(what: "\(t.name): \(f) on an input of \(input.count) bytes", saved: saved))
                if findings.count >= 5 { break }
            } else if !isRegression, input.count <= t.maxSize, rng.next() % 16 == 0, corpus.count < 4096 {
                corpus.append(input)  // keep some mutants as parents: deeper mutations
            }
        }
        unlink(crumb)
        return (count, findings)
    }

    private func save(_ input: [UInt8], target: String, kind: String) -> String {
        let dir = Self.crashersDir(target)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var h: UInt64 = 1469598103934665603
        for b in input { h = (h ^ UInt64(b)) &* 1099511628211 }
        let url = dir.appendingPathComponent("\(kind)-\(String(h, radix: 16))")
        try? Data(input).write(to: url)
        return url.path
    }

    private func writeBreadcrumb(_ input: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        input.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func peakRSSMB() -> Int {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Int(u.ru_maxrss) / 1024
    }

    // MARK: - Mutations

    mutating func mutate(_ base: [UInt8], corpus: [[UInt8]], t: Target) -> [UInt8] {
        var b = base
        let rounds = 1 + Int(rng.next() % 4)
        for _ in 0..<rounds {
            let pos = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count + 1))
            switch rng.next() % 9 {
            case 0 where !b.isEmpty:  // flip a bit
                let i = min(pos, b.count - 1)
                b[i] ^= UInt8(1 << (rng.next() % 8))
            case 1 where !b.isEmpty:  // random byte
                b[min(pos, b.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
            case 2:  // dictionary token
                if let tok = pick(t.dictionary) { b.insert(contentsOf: tok, at: pos) }
            case 3:  // a token repeated many times: depth and quadratic-time probes
                if let tok = pick(t.dictionary) {
                    let n = Int(rng.next() % UInt64(max(1, t.maxSize / max(1, tok.count) / 2)))
                    b.insert(contentsOf: Array([[UInt8]](repeating: tok, count: n).joined()), at: pos)
                }
            case 4 where !b.isEmpty:  // delete a range
                let len = Int(rng.next() % UInt64(min(64, b.count - min(pos, b.count - 1))) + 1)
                let s = min(pos, b.count - 1)
                b.removeSubrange(s..<min(b.count, s + len))
            case 5 where !b.isEmpty:  // duplicate a range
                let s = min(pos, b.count - 1)
                let len = Int(rng.next() % UInt64(min(256, b.count - s)) + 1)
                b.insert(contentsOf: b[s..<(s + len)], at: Int(rng.next() % UInt64(b.count + 1)))
            case 6:  // splice another input
                if let other = pick(corpus), !other.isEmpty {
                    let s = Int(rng.next() % UInt64(other.count))
                    b.insert(contentsOf: other[s...].prefix(Int(rng.next() % 512) + 1), at: pos)
                }
            case 7 where !b.isEmpty:  // truncate
                b.removeSubrange(min(pos, b.count)...)
            default:  // interesting bytes
                let special: [UInt8] = [0, 0x0A, 0x0D, 0x09, 0x1B, 0x7F, 0x80, 0xC0, 0xE2, 0xEF, 0xFF, 0x5C, 0x22, 0x27]
                b.insert(special[Int(rng.next() % UInt64(special.count))], at: pos)
            }
            if b.count > t.maxSize { b.removeSubrange(t.maxSize...) }
        }
        return b
    }

    mutating func pick<T>(_ a: [T]) -> T? {
        a.isEmpty ? nil : a[Int(rng.next() % UInt64(a.count))]
    }
}

/// An invariant that did not hold for a fuzz input.
struct FuzzFailure: Error { var message: String; init(_ m: String) { message = m } }

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Fuzzer {
    /// Runs `target` and records an issue per finding.
    static func check(_ target: Target, minimumInputs: Int = 50) {
        var f = Fuzzer()
        let (count, findings) = f.run(target)
        print("fuzz \(target.name): \(count) inputs in at most \(seconds) s, \(findings.count) failing")
        for finding in findings { Issue.record("\(finding)") }
        #expect(count >= min(minimumInputs, iterations), "only \(count) inputs ran for \(target.name)")
    }

    static func tokens(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }
}
